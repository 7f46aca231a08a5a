/** `pnpm start`: runs the Express example on PORT (default 3001) until SIGINT/SIGTERM. */
import { closeOnSignals, ExampleSettingsError } from '@portcullis/example-shared';
import { startExpressExample } from './server.ts';

try {
  const running = await startExpressExample();
  closeOnSignals(() => running.close());
  console.log(
    `Portcullis Express example: ${running.url}  (store: ${running.storeKind}, rate limits: ${running.rateLimitKind})`,
  );
  if (running.devMailbox) console.log(`Dev mailbox: ${running.url}/dev/mailbox`);
} catch (error) {
  if (!(error instanceof ExampleSettingsError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

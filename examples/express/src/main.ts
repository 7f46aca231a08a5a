/** `pnpm start`: runs the Express example on PORT (default 3001) until SIGINT/SIGTERM. */
import { closeOnSignals, ExampleStartupError } from '@portcullis/example-shared';
import { startExpressExample } from './server.ts';

try {
  const running = await startExpressExample();
  closeOnSignals(() => running.close());
  console.log(
    `Portcullis Express example: ${running.url}  (store: ${running.storeKind}, rate limits: ${running.rateLimitKind})`,
  );
  if (running.devMailbox) console.log(`Dev mailbox: ${running.url}/dev/mailbox`);
} catch (error) {
  // A setting to fix: one line, no stack trace. Anything else is a bug and keeps its stack.
  if (!(error instanceof ExampleStartupError)) throw error;
  console.error(`Cannot start: ${error.message}`);
  process.exit(1);
}

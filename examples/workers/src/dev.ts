/**
 * `pnpm start`: bundles the Worker and serves it on a local workerd (the npm `workerd`
 * package) at PORT (default 8787) with the dev mailbox, until SIGINT/SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { bundleWorker, startWorker } from '@portcullis/conformance/workerd';

const port = Number(process.env.PORT ?? 8787);
const origin = `http://127.0.0.1:${port}`;
const worker = await startWorker(
  await bundleWorker(new URL('./worker.ts', import.meta.url).pathname),
  {
    port,
    bindings: {
      // A fresh secret per start: restarting signs everyone out, as the memory store forgets them.
      AUTH_SECRET: process.env.AUTH_SECRET ?? randomBytes(32).toString('base64url'),
      APP_ORIGIN: origin,
      DEV_MAILBOX: 'on',
    },
  },
);
console.log(
  `Portcullis Workers example on workerd: ${origin}  (dev mailbox: ${origin}/dev/mailbox)`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void worker.stop());
}

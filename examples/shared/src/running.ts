import type { ExampleAuth } from './auth.ts';
import type { ExampleEnv } from './settings.ts';

/** How a test or `main.ts` starts either example app. */
export interface StartOptions {
  /** Default: PORT from `env`, else the app's own default. `0` picks a free port. */
  readonly port?: number;
  /** Default `process.env`. */
  readonly env?: ExampleEnv;
}

/** A started example app. */
export interface RunningExample {
  /** `http://localhost:<port>` */
  readonly url: string;
  /** Where the store keeps data (`pglite (in memory)`, ...). */
  readonly storeKind: string;
  /** Where rate limits are counted (`memory (this process)`, `redis (host:port)`, `off`). */
  readonly rateLimitKind: string;
  /** Whether `/dev/mailbox` is mounted. */
  readonly devMailbox: boolean;
  close(): Promise<void>;
}

/** What a started app reports: its URL and wiring, and one `close` for server then store. */
export function runningExample(
  port: number,
  example: ExampleAuth,
  closeServer: () => Promise<void>,
): RunningExample {
  return {
    url: `http://localhost:${port}`,
    storeKind: example.storeKind,
    rateLimitKind: example.rateLimitKind,
    devMailbox: example.settings.devMailbox,
    async close() {
      await closeServer();
      await example.close();
    },
  };
}

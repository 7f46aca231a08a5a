/**
 * The Worker entry. It needs no Node.js compatibility (its tests switch it off): core, the
 * memory adapter, `@portcullis/http` and Hono use web APIs only. One app per isolate, built on the first request, so the
 * memory store and rate-limit buckets live as long as the isolate does.
 */
import { createWorkerApp } from './app.ts';
import { createWorkerAuth } from './auth.ts';
import { readWorkerSettings, type WorkerEnv, WorkerSettingsError } from './settings.ts';

type WorkerApp = ReturnType<typeof createWorkerApp>;

let built: Promise<WorkerApp> | null = null;

async function build(env: WorkerEnv): Promise<WorkerApp> {
  const settings = readWorkerSettings(env);
  return createWorkerApp(await createWorkerAuth(settings), settings);
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    built ??= build(env).catch((error: unknown) => {
      built = null;
      throw error;
    });
    let app: WorkerApp;
    try {
      app = await built;
    } catch (error) {
      if (!(error instanceof WorkerSettingsError)) throw error;
      // A Worker has no start-up to fail: every request says what is misconfigured.
      return new Response(`Misconfigured: ${error.message}\n`, { status: 500 });
    }
    return app.fetch(request, env);
  },
};

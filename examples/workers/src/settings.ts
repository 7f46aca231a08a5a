/**
 * The Worker's settings, from its bindings (`wrangler secret put AUTH_SECRET`, `[vars]`).
 * A Worker has no process start-up to fail at, so a bad setting fails every request with
 * one clear 500 message instead.
 */

/** The bindings the Worker reads. */
export interface WorkerEnv {
  /** At least 32 bytes; every key is derived from it. */
  readonly AUTH_SECRET?: string;
  /** Where the Worker is reached, e.g. `https://auth.example.workers.dev`. */
  readonly APP_ORIGIN?: string;
  /** `on` mounts /dev/mailbox; allowed only on a plain-http loopback origin (local workerd). */
  readonly DEV_MAILBOX?: string;
  /** `off` disables rate limits; allowed only on a loopback origin, for tests. */
  readonly RATE_LIMITS?: string;
}

export interface WorkerSettings {
  readonly secret: string;
  readonly origin: string;
  readonly local: boolean;
  readonly devMailbox: boolean;
  readonly rateLimits: boolean;
}

export class WorkerSettingsError extends Error {
  override readonly name = 'WorkerSettingsError';
}

function switchOf(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new WorkerSettingsError(`${name} must be on or off`);
}

export function readWorkerSettings(env: WorkerEnv): WorkerSettings {
  const secret = env.AUTH_SECRET ?? '';
  if (new TextEncoder().encode(secret).length < 32) {
    throw new WorkerSettingsError('AUTH_SECRET must be set to at least 32 bytes');
  }
  let origin: URL;
  try {
    origin = new URL(env.APP_ORIGIN ?? '');
  } catch {
    throw new WorkerSettingsError('APP_ORIGIN must be the URL the Worker is reached at');
  }
  const local = ['127.0.0.1', 'localhost'].includes(origin.hostname);
  const devMailbox = switchOf('DEV_MAILBOX', env.DEV_MAILBOX, false);
  const rateLimits = switchOf('RATE_LIMITS', env.RATE_LIMITS, true);
  // The mailbox hands every code and reset link to anyone: never on a deployed Worker.
  if (devMailbox && !(local && origin.protocol === 'http:')) {
    throw new WorkerSettingsError('DEV_MAILBOX=on needs a plain-http loopback APP_ORIGIN');
  }
  if (!rateLimits && !local)
    throw new WorkerSettingsError('RATE_LIMITS=off needs a loopback APP_ORIGIN');
  return { secret, origin: origin.origin, local, devMailbox, rateLimits };
}

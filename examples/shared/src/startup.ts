/**
 * Start-up failures an operator fixes with a setting: a malformed or unreachable service
 * URL, a port in use. `main.ts` prints them as one line, `Cannot start: …`, without a stack
 * trace, and exits 1. Messages name the host and port, never a user or password.
 */

/** The app cannot start until a setting changes; the message says which. */
export class ExampleStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExampleStartupError';
  }
}

/** A setting was missing or malformed; the app refuses to start. */
export class ExampleSettingsError extends ExampleStartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ExampleSettingsError';
  }
}

/**
 * A service URL from the environment (`DATABASE_URL`, `REDIS_URL`), or `null` when unset.
 * The error never repeats the value: it may hold a password.
 */
export function parseServiceUrl(
  name: string,
  value: string | undefined,
  protocols: readonly string[],
  example: string,
): string | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ExampleSettingsError(`${name} must be a URL like ${example}`);
  }
  if (!protocols.includes(url.protocol) || url.hostname === '') {
    const names = protocols.map((protocol) => `${protocol}//`).join(' or ');
    throw new ExampleSettingsError(`${name} must be a ${names} URL with a host`);
  }
  return text;
}

/** `host:port` of a service URL: what a message may show (never the user or password). */
export function serviceAddress(url: string, defaultPort: number): string {
  const where = new URL(url);
  return `${where.hostname}:${where.port || defaultPort}`;
}

const unreachable =
  /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/;

/**
 * Why PostgreSQL could not be used at start-up. No connection, a refused login or a missing
 * database (SQLSTATE classes 08 and 28, 3D000) mean the URL points at the wrong place;
 * anything else happened on a working connection, while migrating.
 */
export function databaseStartupError(error: unknown, url: string): ExampleStartupError {
  const code = errorField(error, 'code');
  const reason = errorField(error, 'message')?.split('\n')[0] ?? String(error);
  const where = serviceAddress(url, 5432);
  const cannotConnect =
    (code !== undefined && (unreachable.test(code) || /^(08|28)|^3D000$/.test(code))) ||
    /timeout|terminated/i.test(reason);
  return new ExampleStartupError(
    cannotConnect
      ? `Cannot reach PostgreSQL at ${where} (DATABASE_URL): ${reason}`
      : `PostgreSQL at ${where} (DATABASE_URL) could not be migrated: ${reason}`,
  );
}

/** A failed `listen`, in the words of the setting that fixes it. */
export function listenStartupError(error: unknown, port: number, host: string): unknown {
  switch (errorField(error, 'code')) {
    case 'EADDRINUSE':
      return new ExampleStartupError(`Port ${port} is in use; set PORT`);
    case 'EACCES':
      return new ExampleStartupError(`Port ${port} needs privileges this process lacks; set PORT`);
    case 'EADDRNOTAVAIL':
      return new ExampleStartupError(`${host} is not an address of this machine; set HOST`);
    default:
      return error;
  }
}

function errorField(error: unknown, field: 'code' | 'message'): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value: unknown = Reflect.get(error, field);
  return typeof value === 'string' ? value : undefined;
}

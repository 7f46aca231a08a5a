import { AuthError, StorageError } from '@portcullis/core';

/** `WRONGTYPE`, `NOSCRIPT`, `OOM`...: the upper-case code a Redis error reply starts with. */
function replyCode(error: Error): string | null {
  if (error.name !== 'ReplyError') return null;
  return /^[A-Z][A-Z_]*(?=\s|$)/.exec(error.message)?.[0] ?? 'ERR';
}

/** True for the reply a server gives when it has not cached the script (EVALSHA). */
export function isNoScript(error: unknown): boolean {
  return error instanceof Error && replyCode(error) === 'NOSCRIPT';
}

/**
 * A client or server error as `StorageError`, carrying no key or argument. ioredis hangs
 * the command and its arguments (`command.args`: the key, the script) on error replies,
 * and some servers and proxies quote arguments in the reply text (`unknown command ...,
 * with args beginning with: ...`). So the `cause` keeps only the reply's code, or for a
 * client-side failure (refused connection, connection closed, retries exhausted) the
 * client's message, which names the server, never the command.
 */
export function toStorageError(error: unknown): AuthError {
  if (error instanceof AuthError) return error;
  if (!(error instanceof Error))
    return new StorageError('Storage failure: the rate-limit store failed unexpectedly');
  const code = replyCode(error);
  if (code !== null) {
    const what =
      code === 'PORTCULLIS_CORRUPT'
        ? 'the key holds something other than a token bucket'
        : `Redis refused the rate-limit script (${code})`;
    return new StorageError(`Storage failure: ${what}`, {
      cause: Object.assign(new Error(`Redis error reply ${code}`), { name: 'ReplyError', code }),
    });
  }
  const cause = new Error(error.message);
  cause.name = error.name;
  const errorCode: unknown = Reflect.get(error, 'code');
  if (typeof errorCode === 'string' && /^[A-Z_]+$/.test(errorCode))
    Object.assign(cause, { code: errorCode });
  return new StorageError(
    'Storage failure: Redis could not be reached or the connection was lost',
    { cause },
  );
}

import { availableParallelism } from 'node:os';
import type { AuthConfig, PasswordHasher, RandomSource } from '@portcullis/core';
import { createArgon2idHasher, limitHasherConcurrency } from '@portcullis/core';
import { nativeArgon2id } from './native-engine.ts';

/** What {@link createNodePasswordHasher} takes besides the config. All optional. */
export interface NodePasswordHasherOptions {
  /**
   * Hashes computed at once. Default: the cores Node may use, but at most one less than
   * libuv's thread pool (`UV_THREADPOOL_SIZE`, default 4), so file and DNS work always
   * find a free thread.
   */
  readonly maxConcurrent?: number;
  /** Callers that may wait per lane (hash, verify) before `BusyError`. Default 16 × `maxConcurrent`. */
  readonly maxQueued?: number;
  /** The `Retry-After` a refusal suggests, in seconds. Default 1. */
  readonly retryAfterSeconds?: number;
  /** Salt source; default WebCrypto's CSPRNG. */
  readonly random?: RandomSource;
}

function defaultConcurrency(): number {
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, Math.min(availableParallelism(), poolSize - 1));
}

/**
 * The {@link PasswordHasher} for Node servers: the same argon2id hasher as core's default
 * (same PHC strings, cost caps, pepper, legacy bcrypt, rehash rule), computing argon2id
 * natively off the event loop, behind a bounded queue that answers `BusyError` when full.
 *
 * @throws ConfigError when the password config or the options are invalid.
 */
export function createNodePasswordHasher(
  config: Pick<AuthConfig, 'password'>,
  options: NodePasswordHasherOptions = {},
): PasswordHasher {
  const { argon2, verifyLimits, pepper } = config.password;
  const maxConcurrent = options.maxConcurrent ?? defaultConcurrency();
  const hasher = createArgon2idHasher({
    params: argon2,
    verifyLimits,
    pepper,
    engine: nativeArgon2id,
    ...(options.random ? { random: options.random } : {}),
  });
  return limitHasherConcurrency(hasher, {
    maxConcurrent,
    maxQueued: options.maxQueued ?? 16 * maxConcurrent,
    ...(options.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: options.retryAfterSeconds }),
  });
}

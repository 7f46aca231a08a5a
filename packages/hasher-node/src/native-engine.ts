import { type Algorithm, hashRaw, type Version } from '@node-rs/argon2';
import type { Argon2idEngine } from '@portcullis/core';

// The package declares these as ambient const enums, which isolated modules cannot read;
// the values are fixed by its API (and by RFC 9106 for the version).
const ARGON2ID = 2 as Algorithm;
const VERSION_0X13 = 1 as Version;

/**
 * argon2id computed by `@node-rs/argon2` (the RustCrypto `argon2` crate, prebuilt per
 * platform): the work runs on libuv's thread pool, so the event loop stays free while a
 * password is hashed, and two hashes use two cores.
 */
export const nativeArgon2id: Argon2idEngine = async (input) =>
  hashRaw(input.password, {
    algorithm: ARGON2ID,
    version: VERSION_0X13,
    salt: input.salt,
    ...(input.secret ? { secret: input.secret } : {}),
    memoryCost: input.memoryKiB,
    timeCost: input.iterations,
    parallelism: input.parallelism,
    outputLen: input.hashLength,
  });

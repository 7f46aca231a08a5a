/**
 * `@portcullis/hasher-node`: argon2id for Node servers, computed natively on libuv's
 * thread pool instead of the event loop, with bounded concurrency.
 */
export type { NodePasswordHasherOptions } from './create.ts';
export { createNodePasswordHasher } from './create.ts';
export { nativeArgon2id } from './native-engine.ts';

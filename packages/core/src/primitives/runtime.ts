/** The time source. Injected so tests move time without sleeping. */
export interface Clock {
  now(): Date;
}

/** A cryptographically secure source of random bytes. Injected for deterministic tests. */
export interface RandomSource {
  bytes(length: number): Uint8Array<ArrayBuffer>;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** WebCrypto's CSPRNG (`crypto.getRandomValues`), available on every supported runtime. */
export const cryptoRandom: RandomSource = {
  bytes(length) {
    return crypto.getRandomValues(new Uint8Array(length));
  },
};

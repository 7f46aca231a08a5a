import type { RateLimitPolicy, RateLimitStore } from '@portcullis/core';
import { atMinute, uniqueTag } from './builders.ts';

/**
 * What a rate-limit store hands to its contract suite: the store, optionally more stores
 * over the same buckets through their own connections (`peers`), and how to release
 * what the factory opened. The races spread their calls over `store` and every peer, so
 * a store shared by several app instances is raced the way production races it.
 */
export interface RateLimitContractSubject {
  readonly store: RateLimitStore;
  /** Other handles on the same buckets (e.g. one Redis connection each). Default none. */
  readonly peers?: readonly RateLimitStore[];
  readonly close?: () => Promise<void> | void;
}

/** Builds the subject under test; called once per suite, before its first test. */
export type RateLimitContractFactory = () =>
  | Promise<RateLimitContractSubject>
  | RateLimitContractSubject;

/** Lazily reads the subject of the running suite, inside test bodies. */
export type RateLimitSubjectAccessor = () => RateLimitContractSubject;

/** A bucket key no other test (or earlier run against the same server) has used. */
export function aBucketKey(): string {
  return `contract:${uniqueTag()}`;
}

/** The contract's fixed base instant plus `seconds` (whole milliseconds only). */
export function atSecond(seconds: number): Date {
  return new Date(atMinute(0).getTime() + Math.round(seconds * 1000));
}

/**
 * The suite's usual policy: 4 tokens, one more every 64 seconds. A power-of-two rate
 * makes every expected figure exact in binary floating point, and a bucket the suite
 * touches is never within a minute of full, so a store that forgets full buckets by its
 * own (real) clock keeps all of them while a test runs.
 */
export const slowPolicy: RateLimitPolicy = { capacity: 4, refillPerSecond: 1 / 64 };

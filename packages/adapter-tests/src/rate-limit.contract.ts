import { afterAll, beforeAll, describe } from 'vitest';
import { describeRateLimitBucketContract } from './rate-limit-buckets.contract.ts';
import { describeRateLimitConcurrencyContract } from './rate-limit-concurrency.contract.ts';
import { describeRateLimitEquivalenceContract } from './rate-limit-equivalence.contract.ts';
import type { RateLimitContractFactory, RateLimitContractSubject } from './rate-limit-subject.ts';

/**
 * Registers the `RateLimitStore` contract suite (vitest) for one store: the guarantees in
 * `take`'s doc comment with exact figures (a new key starts full, refill, the capacity
 * cap, a clock that goes backwards, independent keys, multi-token costs, refused
 * arguments), races on one key over every handle the subject offers, and a property test
 * that the store decides exactly as core's `takeFromBucket`. Call it at the top level of
 * a test file.
 *
 * `factory` runs once, before the first test; `close` runs after the last. Every test
 * uses fresh random keys and explicit instants (January 2030), so tests pass in any order,
 * in parallel, and against a shared server that already holds buckets.
 */
export function describeRateLimitStoreContract(
  name: string,
  factory: RateLimitContractFactory,
): void {
  describe(`${name}: rate-limit store contract`, () => {
    let subject: RateLimitContractSubject | undefined;

    beforeAll(async () => {
      subject = await factory();
    });

    afterAll(async () => {
      await subject?.close?.();
    });

    const current = (): RateLimitContractSubject => {
      if (subject === undefined) throw new Error('the contract factory has not produced a subject');
      return subject;
    };

    describeRateLimitBucketContract(current);
    describeRateLimitConcurrencyContract(current);
    describeRateLimitEquivalenceContract(current);
  });
}

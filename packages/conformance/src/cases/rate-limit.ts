import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

/** The token-bucket limiter over the memory store, with the default policies. */
export function rateLimitCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const limiter = () => {
    const clock = testing.fakeClock();
    const store = memory.createMemoryRateLimitStore();
    const secret = new Uint8Array(32).fill(3);
    return { clock, limiter: core.createRateLimiter({ store, secret, clock }) };
  };
  const victim = 'ada@example.com';

  return collect('rate limit', (test) => {
    test('one address hammering an email is stopped; the owner elsewhere is not', async () => {
      const { limiter: l } = limiter();
      let allowed = 0;
      for (let i = 0; i < 12; i++) {
        if ((await l.check('sign_in', { ip: '198.51.100.66', email: victim })).ok) allowed += 1;
      }
      equal(allowed, 10, 'allowed per address and email');
      const refused = await l.check('sign_in', { ip: '198.51.100.66', email: victim });
      deepEqual(
        refused,
        { ok: false, retryAfterSeconds: 90, by: 'ip_email' },
        'refusal with Retry-After, naming the bucket',
      );
      const owner = await l.check('sign_in', { ip: '203.0.113.5', email: victim.toUpperCase() });
      deepEqual(owner, { ok: true }, 'owner from another address');
    });

    test('buckets refill with time, not before', async () => {
      const { limiter: l, clock } = limiter();
      for (let i = 0; i < 10; i++) await l.check('sign_in', { ip: '198.51.100.9', email: victim });
      equal((await l.check('sign_in', { ip: '198.51.100.9', email: victim })).ok, false, 'empty');
      clock.advance(89);
      equal((await l.check('sign_in', { ip: '198.51.100.9', email: victim })).ok, false, 'at 89 s');
      clock.advance(1);
      equal((await l.check('sign_in', { ip: '198.51.100.9', email: victim })).ok, true, 'at 90 s');
    });

    test('concurrent checks never hand out more tokens than the bucket holds', async () => {
      const { limiter: l } = limiter();
      const results = await Promise.all(
        Array.from({ length: 30 }, () => l.check('sign_in', { ip: '198.51.100.1', email: victim })),
      );
      equal(results.filter((result) => result.ok).length, 10, 'allowed under a burst');
    });
  });
}

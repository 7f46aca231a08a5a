/**
 * `prune` through the public API: it deletes what can never be presented again, and an
 * attacker's replay of a rotated refresh token is still caught after a prune.
 */
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import { createRateLimiter } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth } from './harness.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;
const lifetimes = {
  session: { absoluteTtl: 30 * DAY, idleTtl: 7 * DAY },
  refreshToken: { absoluteTtl: 30 * DAY, idleTtl: DAY },
};

describe('prune', () => {
  it('never deletes a rotated refresh token whose family lives: its replay still ends the family', async () => {
    const h = testAuth({ configOverrides: lifetimes });
    const user = await signedInUser(h);
    const stolen = user.refreshToken;
    const rotated = await h.auth.rotateRefreshToken({ refreshToken: stolen });
    if (!rotated.ok) throw new Error('rotation failed');
    // The client keeps rotating; 40 hours on, the stolen token's own one-day lifetime is
    // over, but its family's is not.
    h.clock.advance(20 * HOUR);
    const next = await h.auth.rotateRefreshToken({ refreshToken: rotated.refreshToken });
    if (!next.ok) throw new Error('rotation failed');
    h.clock.advance(20 * HOUR);
    const live = next;
    const pruned = await h.auth.prune();
    expect(pruned.refreshTokens).toBe(0);
    expect(await h.auth.rotateRefreshToken({ refreshToken: stolen })).toEqual({
      ok: false,
      reason: 'replay_detected',
    });
    // The replay ended the family: the legitimate client's current token is refused too.
    expect(await h.auth.rotateRefreshToken({ refreshToken: live.refreshToken })).toMatchObject({
      ok: false,
    });
  });

  it('deletes expired sessions, spent families and old codes, exactly those, and says so', async () => {
    const h = testAuth({ configOverrides: lifetimes });
    const old = await signedInUser(h);
    await h.auth.signUp({ email: 'never-verified@example.com', password: 'a long password' });
    h.clock.advance(8 * DAY);
    const fresh = await signedInUser(h);
    // Eight days on, the first session idled out; its refresh family is not over yet.
    expect(await h.auth.prune()).toEqual({
      sessions: 1,
      refreshTokens: 0,
      verificationTokens: 0,
      // The sign-up nobody redeemed (redeemed ones are deleted when they are activated).
      pendingSignUps: 1,
      passkeyChallenges: 0,
      rateLimitBuckets: 0,
      auditEvents: 0,
    });
    expect(await h.auth.validateSession({ sessionToken: old.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.validateSession({ sessionToken: fresh.sessionToken })).toMatchObject({
      ok: true,
    });
    // Day 31: the first family is past its 30 days and the second session idled out.
    h.clock.advance(23 * DAY);
    expect(await h.auth.prune()).toEqual({
      sessions: 1,
      refreshTokens: 1,
      verificationTokens: 0,
      pendingSignUps: 0,
      passkeyChallenges: 0,
      rateLimitBuckets: 0,
      auditEvents: 0,
    });
    // Day 39: the second family is over too; then nothing is left to delete.
    h.clock.advance(8 * DAY);
    expect(await h.auth.prune()).toMatchObject({ sessions: 0, refreshTokens: 1 });
    expect(await h.auth.prune()).toMatchObject({ sessions: 0, refreshTokens: 0 });
    expect(h.events.filter((event) => event.type === 'storage.pruned')).toHaveLength(4);
  });

  it('drops full rate-limit buckets from a memory store', async () => {
    const h = testAuth();
    const store = createMemoryRateLimitStore();
    const limiter = createRateLimiter({ store, secret: new Uint8Array(32), clock: h.clock });
    await limiter.check('sign_up', { ip: '192.0.2.1' });
    expect((await h.auth.prune({ rateLimitStore: store })).rateLimitBuckets).toBe(0);
    h.clock.advance(2 * HOUR);
    expect((await h.auth.prune({ rateLimitStore: store })).rateLimitBuckets).toBe(1);
  });
});

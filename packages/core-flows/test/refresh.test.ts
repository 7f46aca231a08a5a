import { InputError } from '@portcullis/core';
import { sha256Hex } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth } from './harness.ts';
import { untyped } from './untyped.ts';

describe('rotateRefreshToken', () => {
  it('exchanges a token for a successor, storing only hashes', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const stored = await h.repos.refreshTokens.findByHash(await sha256Hex(user.refreshToken));
    expect(stored).toMatchObject({ sessionId: user.session.id, rotatedAt: null, revokedAt: null });

    h.clock.advance(120);
    const rotated = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
    if (!rotated.ok) throw new Error(rotated.reason);
    expect(rotated.refreshToken).not.toBe(user.refreshToken);
    expect(rotated.session.lastUsedAt).toEqual(h.clock.now());
    expect(await h.auth.rotateRefreshToken({ refreshToken: rotated.refreshToken })).toMatchObject({
      ok: true,
    });
  });

  it('treats a rotated token presented again as theft: family and session are revoked', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const rotated = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
    if (!rotated.ok) throw new Error(rotated.reason);

    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'replay_detected',
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: rotated.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events.filter((event) => event.type === 'refresh.replay_detected')).toEqual([
      expect.objectContaining({ userId: user.userId, sessionId: user.session.id }),
    ]);
  });

  it('lets exactly one of 50 concurrent rotations win; with no grace the rest revoke the family', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.auth.rotateRefreshToken({ refreshToken: user.refreshToken }),
      ),
    );
    const winners = results.filter((result) => result.ok);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((result) => !result.ok)) {
      expect(['replay_detected', 'revoked']).toContain(loser.reason);
    }
    const winner = winners[0];
    if (!winner?.ok) throw new Error('no winner');
    expect(await h.auth.rotateRefreshToken({ refreshToken: winner.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });

  it('within the reuse grace answers concurrent_rotation and revokes nothing', async () => {
    const h = testAuth({ configOverrides: { refreshToken: { reuseGrace: 10 } } });
    const user = await signedInUser(h);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        h.auth.rotateRefreshToken({ refreshToken: user.refreshToken }),
      ),
    );
    const winner = results.find((result) => result.ok);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(
      results.filter((result) => !result.ok && result.reason === 'concurrent_rotation'),
    ).toHaveLength(49);
    if (!winner?.ok) throw new Error('no winner');
    expect(await h.auth.rotateRefreshToken({ refreshToken: winner.refreshToken })).toMatchObject({
      ok: true,
    });

    h.clock.advance(11);
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'replay_detected',
    });
  });

  it('expires an unused token after its idle lifetime and a family at its absolute lifetime', async () => {
    const h = testAuth({
      configOverrides: { refreshToken: { idleTtl: 3600, absoluteTtl: 10_000 } },
    });
    const idle = await signedInUser(h);
    h.clock.advance(3600);
    expect(await h.auth.rotateRefreshToken({ refreshToken: idle.refreshToken })).toEqual({
      ok: false,
      reason: 'expired',
    });

    const active = await signedInUser(h);
    const familyEnd = h.clock.now().getTime() + 10_000_000;
    let token = active.refreshToken;
    for (let elapsed = 0; elapsed < 9000; elapsed += 3000) {
      h.clock.advance(3000);
      const rotated = await h.auth.rotateRefreshToken({ refreshToken: token });
      if (!rotated.ok) throw new Error(rotated.reason);
      token = rotated.refreshToken;
      expect(rotated.expiresAt.getTime()).toBeLessThanOrEqual(familyEnd);
    }
    h.clock.advance(1000);
    expect(await h.auth.rotateRefreshToken({ refreshToken: token })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token whose session idled out, ending the session and its family', async () => {
    const h = testAuth({
      configOverrides: { session: { idleTtl: 3600 }, refreshToken: { idleTtl: 7200 } },
    });
    const user = await signedInUser(h);
    h.clock.advance(3601);
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'session_ended',
    });
    expect(await h.repos.sessions.findById(user.session.id)).toBeNull();
    expect(
      (await h.repos.refreshTokens.findByHash(await sha256Hex(user.refreshToken)))?.revokedAt,
    ).not.toBeNull();
  });

  it('a rotation racing sign-out leaves no usable token and no session', async () => {
    for (let round = 0; round < 20; round += 1) {
      const h = testAuth();
      const user = await signedInUser(h);
      const [rotated] = await Promise.all([
        h.auth.rotateRefreshToken({ refreshToken: user.refreshToken }),
        h.auth.revokeSession({ userId: user.userId, sessionId: user.session.id }),
      ]);
      expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
        ok: false,
      });
      const survivors = rotated.ok
        ? [user.refreshToken, rotated.refreshToken]
        : [user.refreshToken];
      for (const refreshToken of survivors) {
        const again = await h.auth.rotateRefreshToken({ refreshToken });
        expect(again.ok).toBe(false);
      }
    }
  });

  it('answers malformed and unknown tokens without side effects', async () => {
    const h = testAuth();
    for (const bad of ['', 'x'.repeat(43 * 1000), 'a.b', `${'A'.repeat(42)}=`]) {
      expect(await h.auth.rotateRefreshToken({ refreshToken: bad })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    for (const bad of [undefined, 42]) {
      await expect(
        h.auth.rotateRefreshToken({ refreshToken: untyped(bad) }),
      ).rejects.toBeInstanceOf(InputError);
    }
    expect(await h.auth.rotateRefreshToken({ refreshToken: 'A'.repeat(43) })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(h.events).toHaveLength(0);
  });
});

describe('revokeRefreshToken', () => {
  it('ends the family and its session, answering true for anything', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    expect(await h.auth.revokeRefreshToken({ refreshToken: 'A'.repeat(43) })).toBe(true);
    expect(await h.auth.revokeRefreshToken({ refreshToken: 'garbage' })).toBe(true);
    expect(await h.auth.revokeRefreshToken({ refreshToken: user.refreshToken })).toBe(true);
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });
  });
});

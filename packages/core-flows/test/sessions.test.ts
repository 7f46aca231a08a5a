import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth } from './harness.ts';
import { untyped } from './untyped.ts';

describe('session tokens', () => {
  it('store only a SHA-256 of the secret half', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const [id, secret] = user.sessionToken.split('.');
    const stored = await h.repos.sessions.findById(id ?? '');
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('refuse a forged secret for a real id, and malformed tokens', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const [id, secret = ''] = user.sessionToken.split('.');
    const forged = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(await h.auth.validateSession({ sessionToken: forged })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    for (const bad of [
      '',
      'abc',
      `${user.sessionToken}x`,
      `${id}.${secret}.x`,
      'a'.repeat(1_000_000),
    ]) {
      expect(await h.auth.validateSession({ sessionToken: bad })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    }
    for (const bad of [42, null, undefined]) {
      await expect(h.auth.validateSession({ sessionToken: untyped(bad) })).rejects.toBeInstanceOf(
        InputError,
      );
    }
  });
});

describe('validateSession', () => {
  it('ends a session after the idle timeout and deletes it', async () => {
    const h = testAuth({ configOverrides: { session: { idleTtl: 3600, absoluteTtl: 86_400 } } });
    const user = await signedInUser(h);
    h.clock.advance(3599);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    h.clock.advance(3599);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    h.clock.advance(3600);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toEqual({
      ok: false,
      reason: 'idle_timeout',
    });
    expect(await h.repos.sessions.findById(user.session.id)).toBeNull();
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    const h = testAuth({ configOverrides: { session: { idleTtl: 3600, absoluteTtl: 7200 } } });
    const user = await signedInUser(h);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(2000);
      await h.auth.validateSession({ sessionToken: user.sessionToken });
    }
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    h.clock.advance(1300);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('writes lastUsedAt at most once per touch interval', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const touches: Date[] = [];
    const sessions = h.repos.sessions;
    const counting = testAuth({
      repos: {
        ...h.repos,
        sessions: {
          ...sessions,
          touch: (id, at) => {
            touches.push(at);
            return sessions.touch(id, at);
          },
        },
      },
    });
    counting.clock.advance(30);
    await counting.auth.validateSession({ sessionToken: user.sessionToken });
    expect(touches).toHaveLength(0);
    counting.clock.advance(31);
    await counting.auth.validateSession({ sessionToken: user.sessionToken });
    await counting.auth.validateSession({ sessionToken: user.sessionToken });
    expect(touches).toEqual([counting.clock.now()]);
  });
});

describe('listing and revoking sessions', () => {
  it('lists live sessions without secret hashes', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    await h.auth.signIn(user);
    const sessions = await h.auth.listSessions({ userId: user.userId });
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).not.toHaveProperty('secretHash');
    expect(sessions[0]?.idleExpiresAt.getTime()).toBe(h.clock.now().getTime() + 7 * 86_400_000);
  });

  it('revokes one session with its refresh family, and not another user’s', async () => {
    const h = testAuth();
    const ada = await signedInUser(h);
    const bob = await signedInUser(h);
    expect(await h.auth.revokeSession({ userId: ada.userId, sessionId: bob.session.id })).toBe(
      false,
    );
    expect(await h.auth.validateSession({ sessionToken: bob.sessionToken })).toMatchObject({
      ok: true,
    });

    expect(await h.auth.revokeSession({ userId: ada.userId, sessionId: ada.session.id })).toBe(
      true,
    );
    expect(await h.auth.validateSession({ sessionToken: ada.sessionToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: ada.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'session.revoked', sessionId: ada.session.id });
  });

  it('revokes a session by its genuine token only, in one lookup and without recording use', async () => {
    const h = testAuth();
    const ada = await signedInUser(h);
    const [id = ''] = ada.sessionToken.split('.');
    const forged = `${id}.${'A'.repeat(43)}`;
    let lookups = 0;
    let touches = 0;
    const sessions = h.repos.sessions;
    const counted = testAuth({
      repos: {
        ...h.repos,
        sessions: {
          ...sessions,
          findById: (sessionId) => {
            lookups += 1;
            return sessions.findById(sessionId);
          },
          touch: (sessionId, at) => {
            touches += 1;
            return sessions.touch(sessionId, at);
          },
        },
      },
    });
    h.clock.advance(3600);
    counted.clock.advance(3600);
    for (const token of [forged, 'not a token', `${ada.sessionToken}x`]) {
      expect(await counted.auth.revokeSessionByToken({ sessionToken: token })).toBe(false);
    }
    await expect(
      counted.auth.revokeSessionByToken({ sessionToken: untyped(42) }),
    ).rejects.toBeInstanceOf(InputError);
    expect(await h.auth.validateSession({ sessionToken: ada.sessionToken })).toMatchObject({
      ok: true,
    });
    lookups = 0;
    expect(await counted.auth.revokeSessionByToken({ sessionToken: ada.sessionToken })).toBe(true);
    expect([lookups, touches]).toEqual([1, 0]);
    expect(await h.auth.validateSession({ sessionToken: ada.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: ada.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(counted.events.at(-1)).toMatchObject({
      type: 'session.revoked',
      userId: ada.userId,
      sessionId: ada.session.id,
    });
    expect(await counted.auth.revokeSessionByToken({ sessionToken: ada.sessionToken })).toBe(false);
  });

  it('revokes all sessions except the current one', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const second = await h.auth.signIn(user);
    const third = await h.auth.signIn(user);
    if (
      second.ok !== true ||
      second.status !== 'signed_in' ||
      !third.ok ||
      third.status !== 'signed_in'
    )
      throw new Error();
    const secondRefresh = await h.auth.internal.issueRefreshToken({ session: second.session });
    if (!secondRefresh) throw new Error('refresh token refused');

    expect(
      await h.auth.revokeAllSessions({ userId: user.userId, exceptSessionId: user.session.id }),
    ).toBe(2);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.validateSession({ sessionToken: third.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: secondRefresh.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toMatchObject({
      ok: true,
    });

    expect(await h.auth.revokeAllSessions({ userId: user.userId })).toBe(1);
    expect(await h.auth.listSessions({ userId: user.userId })).toEqual([]);
  });
});

describe('authenticate', () => {
  it('accepts an access token only while its session lives', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const { token } = await h.auth.internal.issueAccessToken({
      userId: user.userId,
      sessionId: user.session.id,
      aal: 'aal1',
    });
    expect(await h.auth.authenticate({ accessToken: token })).toMatchObject({
      ok: true,
      claims: { userId: user.userId },
    });

    await h.auth.revokeSession({ userId: user.userId, sessionId: user.session.id });
    expect(await h.auth.verifyAccessToken({ accessToken: token })).toMatchObject({ ok: true });
    expect(await h.auth.authenticate({ accessToken: token })).toEqual({
      ok: false,
      reason: 'session_ended',
    });
  });

  it('refuses a token that names another user’s session', async () => {
    const h = testAuth();
    const ada = await signedInUser(h);
    const bob = await signedInUser(h);
    const { token } = await h.auth.internal.issueAccessToken({
      userId: ada.userId,
      sessionId: bob.session.id,
      aal: 'aal1',
    });
    expect(await h.auth.verifyAccessToken({ accessToken: token })).toMatchObject({ ok: true });
    expect(await h.auth.authenticate({ accessToken: token })).toEqual({
      ok: false,
      reason: 'session_ended',
    });
    expect(await h.auth.validateSession({ sessionToken: bob.sessionToken })).toMatchObject({
      ok: true,
    });
  });

  it('passes through access-token failures', async () => {
    const h = testAuth();
    expect(await h.auth.authenticate({ accessToken: 'not.a.jwt' })).toMatchObject({ ok: false });
    await expect(h.auth.authenticate({ accessToken: untyped(undefined) })).rejects.toBeInstanceOf(
      InputError,
    );
  });

  it('refuses a token whose session is idle-expired', async () => {
    const h = testAuth({
      configOverrides: {
        session: { idleTtl: 600 },
        accessToken: {
          keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(7) }],
          ttl: 3600,
        },
      },
    });
    const user = await signedInUser(h);
    const { token } = await h.auth.internal.issueAccessToken({
      userId: user.userId,
      sessionId: user.session.id,
      aal: 'aal1',
    });
    h.clock.advance(601);
    expect(await h.auth.authenticate({ accessToken: token })).toEqual({
      ok: false,
      reason: 'session_ended',
    });
  });
});

import { InputError, isAuthError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';
import { mfaUser, passwordStep, totpCode } from './mfa-harness.ts';
import { untyped } from './untyped.ts';

describe('TOTP enrolment', () => {
  it('is pending until a first valid code confirms it, then sign-in asks for it', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const other = await h.auth.signIn(user);
    if (!other.ok || other.status !== 'signed_in') throw new Error('sign-in failed');
    const currentSessionId = user.session.id;
    const enrolled = await h.auth.enrolTotp({ userId: user.userId, currentSessionId });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    expect(enrolled.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolled.uri).toContain(`secret=${enrolled.secret}`);
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toEqual({
      totp: 'pending',
      backupCodesRemaining: 0,
    });
    // Pending: the password alone still signs in.
    expect(await h.auth.signIn(user)).toMatchObject({ ok: true, status: 'signed_in' });

    const now = h.clock.now();
    const wrong = totpCode(enrolled.secret, now, 5);
    expect(
      await h.auth.confirmTotp({ userId: user.userId, code: wrong, currentSessionId }),
    ).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    const confirmed = await h.auth.confirmTotp({
      userId: user.userId,
      code: totpCode(enrolled.secret, now),
      currentSessionId: user.session.id,
    });
    if (!confirmed.ok) throw new Error(confirmed.reason);
    expect(confirmed.backupCodes).toHaveLength(10);
    expect(confirmed.sessionsEnded).toBe(2);
    const sessions = await h.auth.listSessions({ userId: user.userId });
    expect(sessions.map((session) => session.id)).toEqual([user.session.id]);
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toEqual({
      totp: 'enabled',
      backupCodesRemaining: 10,
    });

    const signIn = await h.auth.signIn(user);
    expect(signIn).toMatchObject({
      ok: true,
      status: 'mfa_required',
      factors: ['totp', 'backup_code'],
    });
    expect(h.eventCount('mfa.totp_enrolment_started')).toBe(1);
    expect(h.eventCount('mfa.totp_confirmed')).toBe(1);
  });

  it('refuses an account whose address is not proven, so a stranger cannot lock it', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    const email = 'ada@example.com';
    const password = 'correct horse battery staple';
    expect(await h.auth.signUp({ email, password })).toEqual({ ok: true });
    const signedIn = await h.auth.signIn({ email, password });
    if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
    const user = { id: signedIn.user.id };
    const currentSessionId = signedIn.session.id;
    expect(await h.auth.enrolTotp({ userId: user.id, currentSessionId })).toEqual({
      ok: false,
      reason: 'email_unverified',
    });
    expect(await h.repos.mfa.listTotp(user.id)).toEqual([]);
    const { code } = h.lastMail('email_verification_code');
    expect(await h.auth.verifyEmail({ email, code })).toMatchObject({ ok: true });
    // Verifying ended the earlier session; the owner signs in again and may enrol.
    const owner = await h.auth.signIn({ email, password });
    if (!owner.ok || owner.status !== 'signed_in') throw new Error('sign-in failed');
    expect(
      await h.auth.enrolTotp({ userId: user.id, currentSessionId: owner.session.id }),
    ).toMatchObject({ ok: true });
  });

  it('needs a session of this user that began within mfa.recentSignIn, to enrol and confirm', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const other = await signedInUser(h);
    const userId = user.userId;
    expect(await h.auth.enrolTotp({ userId, currentSessionId: other.session.id })).toEqual({
      ok: false,
      reason: 'recent_sign_in_required',
    });
    const enrolled = await h.auth.enrolTotp({ userId, currentSessionId: user.session.id });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    h.clock.advance(15 * 60 + 1);
    // The session still works, but it is too old to add an authenticator or confirm one.
    expect(await h.auth.enrolTotp({ userId, currentSessionId: user.session.id })).toEqual({
      ok: false,
      reason: 'recent_sign_in_required',
    });
    const code = totpCode(enrolled.secret, h.clock.now());
    expect(await h.auth.confirmTotp({ userId, code, currentSessionId: user.session.id })).toEqual({
      ok: false,
      reason: 'recent_sign_in_required',
    });
    expect(await h.auth.getMfaStatus({ userId })).toMatchObject({ totp: 'pending' });
    const fresh = await h.auth.signIn(user);
    if (!fresh.ok || fresh.status !== 'signed_in') throw new Error('sign-in failed');
    const confirmed = await h.auth.confirmTotp({
      userId,
      code,
      currentSessionId: fresh.session.id,
    });
    expect(confirmed).toMatchObject({ ok: true });
  });

  it('a started enrolment expires: an old secret no longer confirms', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const { userId } = user;
    const enrolled = await h.auth.enrolTotp({ userId, currentSessionId: user.session.id });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    h.clock.advance(30 * 60 + 1);
    const code = totpCode(enrolled.secret, h.clock.now());
    expect(await h.auth.confirmTotp({ userId, code, currentSessionId: user.session.id })).toEqual({
      ok: false,
      reason: 'no_pending_factor',
    });
    const fresh = await h.auth.signIn(user);
    if (!fresh.ok || fresh.status !== 'signed_in') throw new Error('sign-in failed');
    const currentSessionId = fresh.session.id;
    const again = await h.auth.enrolTotp({ userId, currentSessionId });
    if (!again.ok) throw new Error(again.reason);
    const confirmed = await h.auth.confirmTotp({
      userId,
      code: totpCode(again.secret, h.clock.now()),
      currentSessionId,
    });
    expect(confirmed.ok).toBe(true);
  });

  it('stores the secret only sealed, bound to its user and factor', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const [factor] = await h.repos.mfa.listTotp(user.userId);
    expect(factor?.sealedSecret).toMatch(/^v1\.derived\./);
    expect(factor?.sealedSecret).not.toContain(user.secret);
  });

  it('re-enrolment over a confirmed factor needs a fresh second factor', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const signedIn = await h.auth.completeMfaSignIn({
      challengeToken: (await passwordStep(h, user)).challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
    const currentSessionId = signedIn.session.id;
    expect(await h.auth.enrolTotp({ userId: user.userId, currentSessionId })).toEqual({
      ok: false,
      reason: 'second_factor_required',
    });
    const wrong = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now(), 4) },
    });
    expect(wrong).toEqual({ ok: false, reason: 'invalid_code' });
    const again = await h.auth.enrolTotp({
      userId: user.userId,
      currentSessionId,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
    });
    if (!again.ok) throw new Error(again.reason);
    // The old factor still guards sign-in until the new one is confirmed.
    h.clock.advance(30);
    const challenge = await passwordStep(h, user);
    const completed = await h.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
    });
    expect(completed).toMatchObject({ ok: true, status: 'signed_in' });
    await h.auth.confirmTotp({
      userId: user.userId,
      code: totpCode(again.secret, h.clock.now()),
      currentSessionId,
    });
    h.clock.advance(30);
    const next = await passwordStep(h, user);
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: next.challengeToken,
        proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
  });
});

describe('completeMfaSignIn', () => {
  it('after mfa.maxConsecutiveFailures in a row, across windows, only a backup code works', async () => {
    const h = testAuth({ configOverrides: { mfa: { maxConsecutiveFailures: 10 } } });
    const user = await mfaUser(h);
    const complete = async (proof: { method: 'totp' | 'backup_code'; code: string }) =>
      h.auth.completeMfaSignIn({
        challengeToken: (await passwordStep(h, user)).challengeToken,
        proof,
      });
    const wrong = () => ({
      method: 'totp' as const,
      code: totpCode(user.secret, h.clock.now(), 7),
    });
    // Ten wrong codes, spread over two windows so the per-window limit never trips.
    for (let i = 0; i < 10; i += 1) {
      if (i === 5) h.clock.advance(16 * 60);
      expect(await complete(wrong())).toEqual({ ok: false, reason: 'invalid_code' });
    }
    h.clock.advance(16 * 60);
    const right = { method: 'totp' as const, code: totpCode(user.secret, h.clock.now()) };
    expect(await complete(right)).toEqual({ ok: false, reason: 'too_many_attempts' });
    expect(h.events.at(-1)).toMatchObject({ type: 'mfa.failed', reason: 'totp_locked' });
    const backup = { method: 'backup_code' as const, code: user.backupCodes[0] ?? '' };
    expect(await complete(backup)).toMatchObject({ ok: true, status: 'signed_in' });
    // The backup code ended the streak: the authenticator works again.
    h.clock.advance(30);
    const next = { method: 'totp' as const, code: totpCode(user.secret, h.clock.now()) };
    expect(await complete(next)).toMatchObject({ ok: true, status: 'signed_in' });
  });

  it('starts an aal2 session for a valid TOTP code; the challenge alone is no session', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const before = await h.repos.sessions.listByUser(user.userId);
    const challenge = await passwordStep(h, user);
    expect(await h.repos.sessions.listByUser(user.userId)).toEqual(before);
    expect(await h.auth.validateSession({ sessionToken: challenge.challengeToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });

    const completed = await h.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
    });
    if (!completed.ok) throw new Error(completed.reason);
    expect(completed.session.aal).toBe('aal2');
    expect(completed.user.id).toBe(user.userId);
    expect(await h.auth.validateSession({ sessionToken: completed.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'user.signed_in', aal: 'aal2' });
  });

  it('refuses a reused challenge and a replayed TOTP code within its step', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const code = totpCode(user.secret, h.clock.now());
    const first = await passwordStep(h, user);
    const proof = { method: 'totp', code } as const;
    expect(
      await h.auth.completeMfaSignIn({ challengeToken: first.challengeToken, proof }),
    ).toMatchObject({
      ok: true,
    });
    expect(await h.auth.completeMfaSignIn({ challengeToken: first.challengeToken, proof })).toEqual(
      {
        ok: false,
        reason: 'invalid_challenge',
      },
    );
    const second = await passwordStep(h, user);
    expect(
      await h.auth.completeMfaSignIn({ challengeToken: second.challengeToken, proof }),
    ).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    expect(h.events.filter((event) => event.type === 'mfa.failed').at(-1)).toMatchObject({
      reason: 'replayed',
      method: 'totp',
    });
  });

  it('limits the codes one challenge takes, even when the last is right', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const challenge = await passwordStep(h, user);
    const wrong = totpCode(user.secret, h.clock.now(), 7);
    for (let i = 0; i < 5; i++) {
      expect(
        await h.auth.completeMfaSignIn({
          challengeToken: challenge.challengeToken,
          proof: { method: 'totp', code: wrong },
        }),
      ).toEqual({ ok: false, reason: 'invalid_code' });
    }
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: challenge.challengeToken,
        proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
      }),
    ).toEqual({ ok: false, reason: 'invalid_challenge' });
  });

  it('stops brute force across challenges at the per-user limit until the window passes', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const wrong = totpCode(user.secret, h.clock.now(), 7);
    const reasons = [];
    for (let i = 0; i < 4; i++) {
      const challenge = await passwordStep(h, user);
      for (let j = 0; j < 3; j++) {
        const result = await h.auth.completeMfaSignIn({
          challengeToken: challenge.challengeToken,
          proof: { method: 'totp', code: wrong },
        });
        if (!result.ok) reasons.push(result.reason);
      }
    }
    expect(reasons.slice(0, 10).every((reason) => reason === 'invalid_code')).toBe(true);
    expect(reasons.slice(10)).toEqual(['too_many_attempts', 'too_many_attempts']);
    const locked = await passwordStep(h, user);
    const right = { method: 'totp', code: totpCode(user.secret, h.clock.now()) } as const;
    expect(
      await h.auth.completeMfaSignIn({ challengeToken: locked.challengeToken, proof: right }),
    ).toEqual({
      ok: false,
      reason: 'too_many_attempts',
    });
    h.clock.advance(15 * 60);
    const later = await passwordStep(h, user);
    const code = totpCode(user.secret, h.clock.now());
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: later.challengeToken,
        proof: { method: 'totp', code },
      }),
    ).toMatchObject({ ok: true });
  });

  it("refuses another user's code with a challenge: the challenge is bound to its user", async () => {
    const h = testAuth();
    const ada = await mfaUser(h);
    const bob = await mfaUser(h);
    const challenge = await passwordStep(h, ada);
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: challenge.challengeToken,
        proof: { method: 'totp', code: totpCode(bob.secret, h.clock.now()) },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: challenge.challengeToken,
        proof: { method: 'backup_code', code: bob.backupCodes[0] ?? '' },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.auth.getMfaStatus({ userId: bob.userId })).toMatchObject({
      backupCodesRemaining: 10,
    });
  });

  it('accepts each backup code once, and counts what remains', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const code = (user.backupCodes[0] ?? '').toLowerCase().replaceAll('-', ' ');
    const first = await passwordStep(h, user);
    const used = await h.auth.completeMfaSignIn({
      challengeToken: first.challengeToken,
      proof: { method: 'backup_code', code },
    });
    expect(used).toMatchObject({ ok: true, backupCodesRemaining: 9 });
    const second = await passwordStep(h, user);
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: second.challengeToken,
        proof: { method: 'backup_code', code },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
  });

  it('makes one session of two right codes racing on one challenge', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const challenge = await passwordStep(h, user);
    const results = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        h.auth.completeMfaSignIn({
          challengeToken: challenge.challengeToken,
          proof: { method: 'backup_code', code: user.backupCodes[i] ?? '' },
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('refuses malformed input before any lookup, and any junk challenge as invalid', async () => {
    const h = testAuth();
    const proof = { method: 'totp', code: '123456' } as const;
    for (const bad of [
      { challengeToken: 42, proof },
      { challengeToken: 'x', proof: { method: 'sms', code: '123456' } },
      { challengeToken: 'x', proof: { method: 'totp', code: '12345' } },
      { challengeToken: 'x', proof: { method: 'backup_code', code: 'x'.repeat(10_000) } },
    ]) {
      await expect(h.auth.completeMfaSignIn(untyped(bad))).rejects.toBeInstanceOf(InputError);
    }
    for (const challengeToken of ['', 'x'.repeat(43), 'a'.repeat(100_000)]) {
      expect(await h.auth.completeMfaSignIn({ challengeToken, proof })).toEqual({
        ok: false,
        reason: 'invalid_challenge',
      });
    }
  });

  it('fails closed with SecretUnreadableError when the secret box key is not the one that sealed', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const rotatedAway = testAuth({
      repos: h.repos,
      configOverrides: {
        mfa: { secretBoxKeys: [{ id: 'other', key: new Uint8Array(32).fill(3) }] },
      },
    });
    rotatedAway.clock.advance((h.clock.now().getTime() - rotatedAway.clock.now().getTime()) / 1000);
    const challenge = await passwordStep(rotatedAway, user);
    const attempt = rotatedAway.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'totp', code: totpCode(user.secret, rotatedAway.clock.now()) },
    });
    await expect(attempt).rejects.toSatisfy((error) => isAuthError(error, 'SECRET_UNREADABLE'));
    expect(await h.repos.sessions.listByUser(user.userId)).toHaveLength(0);
    // A backup code still works: it needs no decryption.
    const fallback = await rotatedAway.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    expect(fallback).toMatchObject({ ok: true });
  });

  it('rotates keys without re-enrolment: old values open while the old key is listed', async () => {
    const oldKey = { id: 'k1', key: new Uint8Array(32).fill(1) };
    const h = testAuth({ configOverrides: { mfa: { secretBoxKeys: [oldKey] } } });
    const user = await mfaUser(h);
    const rotated = testAuth({
      repos: h.repos,
      configOverrides: {
        mfa: {
          secretBoxKeys: [{ id: 'k2', key: new Uint8Array(32).fill(2) }, oldKey],
          secretBoxKeyId: 'k2',
        },
      },
    });
    rotated.clock.advance((h.clock.now().getTime() - rotated.clock.now().getTime()) / 1000);
    const challenge = await passwordStep(rotated, user);
    expect(
      await rotated.auth.completeMfaSignIn({
        challengeToken: challenge.challengeToken,
        proof: { method: 'totp', code: totpCode(user.secret, rotated.clock.now()) },
      }),
    ).toMatchObject({ ok: true });
  });
});

describe('stepUpSession', () => {
  it('replaces an aal1 session with an aal2 one for a fresh second factor', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const currentSessionId = user.session.id;
    const enrolled = await h.auth.enrolTotp({ userId: user.userId, currentSessionId });
    if (!enrolled.ok) throw new Error(enrolled.reason);
    const confirmed = await h.auth.confirmTotp({
      userId: user.userId,
      code: totpCode(enrolled.secret, h.clock.now()),
      currentSessionId,
    });
    if (!confirmed.ok) throw new Error(confirmed.reason);
    const input = { userId: user.userId, sessionId: user.session.id };

    const wrong = totpCode(enrolled.secret, h.clock.now(), 9);
    expect(
      await h.auth.stepUpSession({ ...input, proof: { method: 'totp', code: wrong } }),
    ).toEqual({
      ok: false,
      reason: 'invalid_code',
    });
    const other = await verifiedUser(h);
    const proof = { method: 'backup_code', code: confirmed.backupCodes[0] ?? '' } as const;
    expect(
      await h.auth.stepUpSession({ userId: other.userId, sessionId: user.session.id, proof }),
    ).toEqual({
      ok: false,
      reason: 'mfa_not_enabled',
    });

    const stepped = await h.auth.stepUpSession({ ...input, proof });
    if (!stepped.ok) throw new Error(stepped.reason);
    expect(stepped.session.aal).toBe('aal2');
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.validateSession({ sessionToken: stepped.sessionToken })).toMatchObject({
      ok: true,
    });
    // The ended session cannot step up again, even with another good code.
    const again = await h.auth.stepUpSession({
      ...input,
      proof: { method: 'backup_code', code: confirmed.backupCodes[1] ?? '' },
    });
    expect(again).toEqual({ ok: false, reason: 'session_ended' });
  });
});

describe('a ban between the two steps', () => {
  it('refuses the session and records why', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const challenge = await passwordStep(h, user);
    await h.auth.banUser({ userId: user.userId, reason: 'abuse' });
    const completed = await h.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    expect(completed).toEqual({ ok: false, reason: 'account_banned' });
    expect(await h.repos.sessions.listByUser(user.userId)).toEqual([]);
    expect(h.events.at(-1)).toMatchObject({
      type: 'user.sign_in_failed',
      reason: 'account_banned',
    });
  });
});

describe('MFA after a passwordless first factor', () => {
  it('a magic link to a user with TOTP gives the same challenge, completed at aal2', async () => {
    const h = testAuth({ configOverrides: { passwordless: { linkUrl: 'https://app.test/link' } } });
    const user = await mfaUser(h);
    await h.auth.requestMagicLink({ email: user.email });
    const { token } = h.lastMail('magic_link', user.email);
    const linked = await h.auth.consumeMagicLink({ token });
    if (!linked.ok || linked.status !== 'mfa_required') throw new Error('expected mfa_required');
    expect(linked.factors).toEqual(['totp', 'backup_code']);
    const completed = await h.auth.completeMfaSignIn({
      challengeToken: linked.challengeToken,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
    });
    expect(completed).toMatchObject({ ok: true, session: { aal: 'aal2' } });
  });
});

describe('disabling MFA and backup codes', () => {
  it('needs a fresh second factor, ends other sessions, and sign-in is single-factor again', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const challenge = await passwordStep(h, user);
    const completed = await h.auth.completeMfaSignIn({
      challengeToken: challenge.challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[1] ?? '' },
    });
    if (!completed.ok) throw new Error(completed.reason);
    await expect(
      h.auth.disableMfa(untyped({ userId: user.userId, currentSessionId: completed.session.id })),
    ).rejects.toBeInstanceOf(InputError);
    expect(
      await h.auth.disableMfa({
        userId: user.userId,
        proof: { method: 'backup_code', code: user.backupCodes[1] ?? '' },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });

    const other = await h.auth.completeMfaSignIn({
      challengeToken: (await passwordStep(h, user)).challengeToken,
      proof: { method: 'backup_code', code: user.backupCodes[2] ?? '' },
    });
    expect(other.ok).toBe(true);
    const disabled = await h.auth.disableMfa({
      userId: user.userId,
      proof: { method: 'totp', code: totpCode(user.secret, h.clock.now()) },
      currentSessionId: completed.session.id,
    });
    expect(disabled).toEqual({ ok: true, sessionsEnded: 1 });
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toEqual({
      totp: 'none',
      backupCodesRemaining: 0,
    });
    expect(await h.auth.signIn(user)).toMatchObject({ ok: true, status: 'signed_in' });
    expect(h.eventCount('mfa.disabled')).toBe(1);
  });

  it('regenerating backup codes needs a second factor and kills the old set', async () => {
    const h = testAuth();
    const user = await mfaUser(h);
    const regenerated = await h.auth.regenerateBackupCodes({
      userId: user.userId,
      proof: { method: 'backup_code', code: user.backupCodes[0] ?? '' },
    });
    if (!regenerated.ok) throw new Error(regenerated.reason);
    expect(regenerated.backupCodes).toHaveLength(10);
    expect(regenerated.backupCodes).not.toContain(user.backupCodes[1]);
    const challenge = await passwordStep(h, user);
    expect(
      await h.auth.completeMfaSignIn({
        challengeToken: challenge.challengeToken,
        proof: { method: 'backup_code', code: user.backupCodes[1] ?? '' },
      }),
    ).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.auth.getMfaStatus({ userId: user.userId })).toMatchObject({
      backupCodesRemaining: 10,
    });
  });

  it('answers mfa_not_enabled for a user without a confirmed factor', async () => {
    const h = testAuth();
    const user = await verifiedUser(h);
    const proof = { method: 'totp', code: '123456' } as const;
    expect(await h.auth.disableMfa({ userId: user.userId, proof })).toEqual({
      ok: false,
      reason: 'mfa_not_enabled',
    });
    expect(await h.auth.regenerateBackupCodes({ userId: user.userId, proof })).toEqual({
      ok: false,
      reason: 'mfa_not_enabled',
    });
  });
});

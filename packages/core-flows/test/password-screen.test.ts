/**
 * Common and breached passwords refused at sign-up, reset and change, through the public
 * API, with the breach corpus behind a fake range API on 127.0.0.1.
 */
import { createPasswordScreen, createRangeApiBreachChecker } from '@portcullis/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';
import { sha1Hex, startRangeApi } from './range-api-server.ts';

const LEAKED = 'a long leaked passphrase 1987';
const RARE = 'seen once in one old breach';
let api: Awaited<ReturnType<typeof startRangeApi>>;

beforeAll(async () => {
  api = await startRangeApi(
    new Map([
      [LEAKED, 52_000],
      [RARE, 1],
    ]),
  );
});
afterAll(() => api.close());

describe('the range-API breach checker', () => {
  it('sends only the first 5 hex characters of the SHA-1, with padding asked for', async () => {
    const checker = createRangeApiBreachChecker({ endpoint: api.endpoint });
    api.requests.length = 0;
    expect(await checker.isBreached(LEAKED)).toBe(true);
    expect(await checker.isBreached('never leaked, never will be')).toBe(false);
    const hashes = [sha1Hex(LEAKED), sha1Hex('never leaked, never will be')];
    expect(api.requests.map((request) => request.url)).toEqual(
      hashes.map((hash) => `/range/${hash.slice(0, 5)}`),
    );
    for (const request of api.requests) {
      expect(request.headers['add-padding']).toBe('true');
      // Neither the password nor the rest of its hash is anywhere in the request.
      const sent = JSON.stringify(request);
      for (const hash of hashes) expect(sent).not.toContain(hash.slice(5, 15));
      expect(sent).not.toContain('leaked');
    }
  });

  it('counts sightings from minimumCount and never matches a padding line', async () => {
    const strict = createRangeApiBreachChecker({ endpoint: api.endpoint, minimumCount: 10 });
    expect(await strict.isBreached(LEAKED)).toBe(true);
    expect(await strict.isBreached(RARE)).toBe(false);
    const any = createRangeApiBreachChecker({ endpoint: api.endpoint });
    expect(await any.isBreached('padding 0')).toBe(false);
  });

  it('throws when the service fails or hangs, so the screen can decide', async () => {
    const checker = createRangeApiBreachChecker({ endpoint: api.endpoint, timeoutMs: 200 });
    try {
      api.setMode('fail');
      await expect(checker.isBreached(LEAKED)).rejects.toThrow(/503/);
      api.setMode('hang');
      await expect(checker.isBreached(LEAKED)).rejects.toThrow();
    } finally {
      api.setMode('answer');
    }
  });
});

describe('flows refuse common and breached passwords', () => {
  const screened = () =>
    testAuth({
      passwordScreen: createPasswordScreen({
        breached: createRangeApiBreachChecker({ endpoint: api.endpoint }),
      }),
    });

  it('sign-up: refused before anything is written, the same for a new and a taken address', async () => {
    const h = screened();
    const taken = await verifiedUser(h);
    const mailsBefore = h.mailbox.length;
    for (const email of [taken.email, 'new-person@example.com']) {
      expect(await h.auth.signUp({ email, password: 'Password123' })).toEqual({
        ok: false,
        reason: 'password_too_common',
      });
      expect(await h.auth.signUp({ email, password: LEAKED })).toEqual({
        ok: false,
        reason: 'password_breached',
      });
    }
    expect(h.mailbox).toHaveLength(mailsBefore);
    // Audited with the reason, never the account (the caller was not told about it).
    const refused = h.events.filter((event) => event.type === 'password.refused');
    expect(refused.map((event) => [event.userId, event.reason, event.flow])).toEqual([
      [null, 'password_too_common', 'sign_up'],
      [null, 'password_breached', 'sign_up'],
      [null, 'password_too_common', 'sign_up'],
      [null, 'password_breached', 'sign_up'],
    ]);
    expect(JSON.stringify(refused)).not.toContain(LEAKED);
    expect(await h.repos.users.findByEmailKey('new-person@example.com')).toBeNull();
    expect(await h.auth.signUp({ email: 'new-person@example.com', password: `${RARE}!` })).toEqual({
      ok: true,
    });
  });

  it('reset: refused without spending the link, which then sets an acceptable password', async () => {
    const h = screened();
    const user = await verifiedUser(h);
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    for (const [newPassword, reason] of [
      ['iloveyou', 'password_too_common'],
      [LEAKED, 'password_breached'],
    ] as const)
      expect(await h.auth.resetPassword({ token, newPassword })).toEqual({ ok: false, reason });
    expect(await h.auth.signIn({ email: user.email, password: LEAKED })).toMatchObject({
      ok: false,
    });
    expect(
      await h.auth.resetPassword({ token, newPassword: 'an acceptable new one' }),
    ).toMatchObject({ ok: true });
  });

  it('change: refused after the current password is proved, and nothing changes', async () => {
    const h = screened();
    const user = await signedInUser(h);
    const change = (currentPassword: string, newPassword: string) =>
      h.auth.changePassword({ userId: user.userId, currentPassword, newPassword });
    // A wrong current password is the answer first: the screen tells a thief nothing.
    expect(await change('wrong current', 'qwertyuiop')).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(await change(user.password, 'qwertyuiop')).toEqual({
      ok: false,
      reason: 'password_too_common',
    });
    expect(await change(user.password, LEAKED)).toEqual({ ok: false, reason: 'password_breached' });
    expect(
      h.events
        .filter((event) => event.type === 'password.refused')
        .map((event) => [event.userId, event.flow]),
    ).toEqual([
      [user.userId, 'change'],
      [user.userId, 'change'],
    ]);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.signIn({ email: user.email, password: user.password })).toMatchObject({
      ok: true,
    });
  });

  it('lets the password through when the breach service is down', async () => {
    const failures: unknown[] = [];
    const h = testAuth({
      passwordScreen: createPasswordScreen({
        breached: createRangeApiBreachChecker({ endpoint: api.endpoint }),
        onUnavailable: (error) => failures.push(error),
      }),
    });
    api.setMode('fail');
    try {
      expect(await h.auth.signUp({ email: 'x@example.com', password: LEAKED })).toEqual({
        ok: true,
      });
    } finally {
      api.setMode('answer');
    }
    expect(failures).toHaveLength(1);
  });

  it('refuses common passwords by default, with no breach corpus configured', async () => {
    const h = testAuth();
    expect(await h.auth.signUp({ email: 'y@example.com', password: 'baseball' })).toEqual({
      ok: false,
      reason: 'password_too_common',
    });
  });
});

import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { ConfigError, InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

const linkUrl = 'https://app.test/sign-in/link?from=mail';
const passwordless = { linkUrl };

function linkAuth(options: { signUp?: boolean; factors?: boolean } = {}) {
  return testAuth({
    configOverrides: { passwordless: { ...passwordless, signUp: options.signUp ?? false } },
    ...(options.factors ? { secondFactor: { activeFactors: async () => ['totp'] as const } } : {}),
  });
}

type Harness = ReturnType<typeof linkAuth>;

const fromB64 = (text: string) => atob(text.replace(/-/g, '+').replace(/_/g, '/'));
const toB64 = (text: string) =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The signed claims of a token, read without checking anything. */
function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(fromB64(token.split('.')[0] ?? ''));
}

async function mailedLink(h: Harness, email: string) {
  await h.auth.requestMagicLink({ email });
  return h.lastMail('magic_link', email);
}

describe('requestMagicLink', () => {
  it('mails a link built from passwordless.linkUrl to the account, the same answer for anyone', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h, 'ada@example.com');
    const before = h.mailbox.length;
    expect(await h.auth.requestMagicLink({ email: 'nobody@example.com' })).toEqual({ ok: true });
    expect(h.mailbox).toHaveLength(before);
    expect(await h.auth.requestMagicLink({ email: 'ＡＤＡ@example.com' })).toEqual({ ok: true });
    const mail = h.lastMail('magic_link');
    expect(mail).toMatchObject({ to: 'ada@example.com', userId: user.userId });
    const url = new URL(mail.url);
    expect(`${url.origin}${url.pathname}${url.search}`).toBe(linkUrl);
    expect(new URLSearchParams(url.hash.slice(1)).get('magic-link')).toBe(mail.token);
    expect(mail.expiresAt.getTime() - h.clock.now().getTime()).toBe(600_000);
  });

  it('writes one row on every path and never stores the token', async () => {
    const repos = createMemoryRepositories();
    const h = testAuth({ repos, configOverrides: { passwordless } });
    const user = await verifiedUser(h);
    await repos.pendingSignUps.deleteExpired(h.clock.now());
    await h.auth.requestMagicLink({ email: 'nobody@example.com' });
    // The decoy is already consumed: prune removes it, proving it was written.
    expect(await repos.pendingSignUps.deleteExpired(h.clock.now())).toBe(1);
    await h.auth.requestMagicLink({ email: user.email });
    const stored = await repos.verificationTokens.findLatest(user.userId, 'magic_link');
    const { token } = h.lastMail('magic_link');
    expect(stored).toMatchObject({ purpose: 'magic_link', kind: 'link', email: user.email });
    const { n: nonce } = payloadOf(token);
    expect(nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(stored)).not.toContain(nonce);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('mails nothing to banned or deleted accounts', async () => {
    const h = linkAuth();
    const banned = await verifiedUser(h);
    const deleted = await verifiedUser(h);
    await h.auth.banUser({ userId: banned.userId });
    await h.auth.softDeleteUser({ userId: deleted.userId });
    await h.auth.requestMagicLink({ email: banned.email });
    await h.auth.requestMagicLink({ email: deleted.email });
    expect(h.mailbox.filter((mail) => mail.type === 'magic_link')).toHaveLength(0);
  });

  it('throws before any lookup without passwordless.linkUrl or with a malformed email', async () => {
    const h = testAuth();
    await expect(h.auth.requestMagicLink({ email: 'ada@example.com' })).rejects.toThrow(
      ConfigError,
    );
    await expect(linkAuth().auth.requestMagicLink({ email: 'not-an-address' })).rejects.toThrow(
      InputError,
    );
  });

  it('refuses an unsafe passwordless.linkUrl at configuration', () => {
    for (const bad of ['http://app.test/x', 'ftp://app.test/', '/relative', 'https://a.test/#x']) {
      expect(() => testAuth({ configOverrides: { passwordless: { linkUrl: bad } } })).toThrow(
        ConfigError,
      );
    }
    expect(() =>
      testAuth({ configOverrides: { passwordless: { linkUrl: 'http://localhost:3000/' } } }),
    ).not.toThrow();
  });
});

describe('consumeMagicLink', () => {
  it('signs the account in once; a replay is consumed', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    const first = await h.auth.consumeMagicLink({ token });
    expect(first).toMatchObject({ ok: true, status: 'signed_in', user: { id: user.userId } });
    if (!first.ok || first.status !== 'signed_in') throw new Error('not signed in');
    expect(first.session.aal).toBe('aal1');
    expect(await h.auth.validateSession({ sessionToken: first.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.consumeMagicLink({ token })).toEqual({ ok: false, reason: 'consumed' });
    expect(h.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(['magic_link.sent', 'user.signed_in', 'magic_link.failed']),
    );
  });

  it('lets only one of two concurrent clicks sign in', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    const results = await Promise.all([
      h.auth.consumeMagicLink({ token }),
      h.auth.consumeMagicLink({ token }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok)).toEqual([{ ok: false, reason: 'consumed' }]);
  });

  it('refuses a tampered link as bad_signature and garbage as malformed', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    const mac = token.split('.')[1];
    const swapped = toB64(JSON.stringify({ ...payloadOf(token), e: 'eve@example.com' }));
    expect(await h.auth.consumeMagicLink({ token: `${swapped}.${mac}` })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    for (const garbage of ['', 'x', 'a'.repeat(5000), `${token}.${mac}`]) {
      expect(await h.auth.consumeMagicLink({ token: garbage })).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
    await expect(h.auth.consumeMagicLink({ token: untyped(42) })).rejects.toThrow(InputError);
    // The genuine link still works: refusals spend nothing.
    expect(await h.auth.consumeMagicLink({ token })).toMatchObject({ ok: true });
  });

  it('refuses a link once passwordless.linkTtl has passed, and an older link superseded by a newer', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    h.clock.advance(600);
    expect(await h.auth.consumeMagicLink({ token })).toEqual({ ok: false, reason: 'expired' });
    const older = (await mailedLink(h, user.email)).token;
    const newer = (await mailedLink(h, user.email)).token;
    expect(await h.auth.consumeMagicLink({ token: older })).toEqual({
      ok: false,
      reason: 'consumed',
    });
    expect(await h.auth.consumeMagicLink({ token: newer })).toMatchObject({ ok: true });
  });

  it('does not sign in an account banned after the link was mailed', async () => {
    const h = linkAuth();
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    await h.auth.banUser({ userId: user.userId });
    expect(await h.auth.consumeMagicLink({ token })).toEqual({ ok: false, reason: 'consumed' });
    expect(h.events.at(-1)).toMatchObject({ type: 'magic_link.failed', reason: 'account_banned' });
  });

  it('gives a user with a second factor the mfa_required challenge, not a session', async () => {
    const h = linkAuth({ factors: true });
    const user = await verifiedUser(h);
    const { token } = await mailedLink(h, user.email);
    const result = await h.auth.consumeMagicLink({ token });
    expect(result).toMatchObject({ ok: true, status: 'mfa_required', factors: ['totp'] });
    expect(result).not.toHaveProperty('sessionToken');
  });

  it('confirms an unverified account, removing the password and sessions of whoever made it', async () => {
    const repos = createMemoryRepositories();
    const open = testAuth({ repos, configOverrides: { emailVerification: { required: false } } });
    const stranger = { email: 'victim@example.com', password: 'the strangers own password' };
    await open.auth.signUp(stranger);
    const strangerIn = await open.auth.signIn(stranger);
    if (!strangerIn.ok || strangerIn.status !== 'signed_in') throw new Error('no session');

    const h = testAuth({ repos, configOverrides: { passwordless } });
    const { token } = await mailedLink(h, stranger.email);
    expect(await h.auth.consumeMagicLink({ token })).toMatchObject({ ok: true });
    const user = await repos.users.findByEmailKey(stranger.email);
    expect(user).toMatchObject({ passwordHash: null });
    expect(user?.emailVerifiedAt).not.toBeNull();
    expect(await h.auth.validateSession({ sessionToken: strangerIn.sessionToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.signIn(stranger)).toEqual({ ok: false, reason: 'invalid_credentials' });
  });
});

describe('sign-up by magic link', () => {
  it('mails nothing for an unknown address unless passwordless.signUp is on', async () => {
    const off = linkAuth();
    await off.auth.requestMagicLink({ email: 'new@example.com' });
    expect(off.mailbox).toHaveLength(0);

    const on = linkAuth({ signUp: true });
    await on.auth.requestMagicLink({ email: 'new@example.com' });
    expect(on.lastMail('magic_link')).toMatchObject({ to: 'new@example.com', userId: null });
  });

  it('creates a verified account without a password, once', async () => {
    const h = linkAuth({ signUp: true });
    const { token } = await mailedLink(h, 'new@example.com');
    const first = await h.auth.consumeMagicLink({ token });
    expect(first).toMatchObject({
      ok: true,
      status: 'signed_in',
      user: { email: 'new@example.com', emailVerified: true },
    });
    expect(await h.auth.consumeMagicLink({ token })).toEqual({ ok: false, reason: 'consumed' });
    expect(h.events.map((event) => event.type)).toContain('user.signed_up');
  });

  it('activates nothing a stranger chose: their pending password sign-up is dropped', async () => {
    const h = linkAuth({ signUp: true });
    const email = 'owner@example.com';
    await h.auth.signUp({ email, password: 'a stranger chose this' });
    const { code } = h.lastMail('email_verification_code', email);
    const { token } = await mailedLink(h, email);
    expect(await h.auth.consumeMagicLink({ token })).toMatchObject({ ok: true });
    expect(await h.auth.verifyEmail({ email, code })).toEqual({ ok: false, reason: 'invalid' });
    expect(await h.auth.signIn({ email, password: 'a stranger chose this' })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
  });

  it('after the link was mailed: a verified sign-up of the address spends it; an unverified account is taken over by it', async () => {
    const repos = createMemoryRepositories();
    const h = testAuth({ repos, configOverrides: { passwordless: { linkUrl, signUp: true } } });
    const { token: spent } = await mailedLink(h, 'late@example.com');
    await verifiedUser(h, 'late@example.com');
    expect(await h.auth.consumeMagicLink({ token: spent })).toEqual({
      ok: false,
      reason: 'consumed',
    });

    const { token } = await mailedLink(h, 'open@example.com');
    const open = testAuth({ repos, configOverrides: { emailVerification: { required: false } } });
    await open.auth.signUp({ email: 'open@example.com', password: 'a stranger chose this' });
    expect(await h.auth.consumeMagicLink({ token })).toMatchObject({
      ok: true,
      user: { email: 'open@example.com', emailVerified: true },
    });
    expect(await repos.users.findByEmailKey('open@example.com')).toMatchObject({
      passwordHash: null,
    });

    const { token: second } = await mailedLink(h, 'other@example.com');
    const off = testAuth({ repos, configOverrides: { passwordless } });
    expect(await off.auth.consumeMagicLink({ token: second })).toEqual({
      ok: false,
      reason: 'consumed',
    });
  });
});

import type { SignUpInput } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

const password = 'correct horse battery staple';

describe('signUp', () => {
  it('keeps the argon2id hash in a pending sign-up and mails its code; no account yet', async () => {
    const h = testAuth();
    expect(await h.auth.signUp({ email: 'Ada@Example.com', password })).toEqual({ ok: true });

    expect(await h.repos.users.findByEmailKey('ada@example.com')).toBeNull();
    const pending = await h.repos.pendingSignUps.findLatest('ada@example.com');
    expect(pending?.email).toBe('Ada@Example.com');
    expect(pending?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(pending?.consumedAt).toBeNull();
    const mail = h.lastMail('email_verification_code');
    expect(mail).toMatchObject({ to: 'Ada@Example.com', userId: null });
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(h.events.map((event) => event.type)).toEqual(['user.sign_up_pending']);

    const verified = await h.auth.verifyEmail({ email: 'ada@example.com', code: mail.code });
    expect(verified).toMatchObject({ ok: true });
    const user = await h.repos.users.findByEmailKey('ada@example.com');
    expect(user?.passwordHash).toBe(pending?.passwordHash);
    expect(h.events.map((event) => event.type).slice(1)).toEqual([
      'user.signed_up',
      'email.verified',
    ]);
  });

  it('creates the account at once when verification is optional', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    await h.auth.signUp({ email: 'ada@example.com', password });
    const user = await h.repos.users.findByEmailKey('ada@example.com');
    expect(user?.emailVerifiedAt).toBeNull();
    expect(h.lastMail('email_verification_code').userId).toBe(user?.id);
    expect(await h.auth.signIn({ email: 'ada@example.com', password })).toMatchObject({ ok: true });
  });

  it('answers a duplicate exactly like a new sign-up and warns the owner instead', async () => {
    const h = testAuth();
    await verifiedUser(h, 'ada@example.com');
    const first = await h.auth.signUp({ email: 'bob@example.com', password });
    const again = await h.auth.signUp({
      email: 'ADA@example.com',
      password: 'another long password',
    });
    expect(again).toEqual(first);

    const page = await h.repos.users.list({ limit: 10 });
    expect(page.users).toHaveLength(1);
    const warning = h.lastMail('account_exists');
    expect(warning.to).toBe('ada@example.com');
    expect(h.mailbox.filter((mail) => mail.type === 'email_verification_code')).toHaveLength(2);
    // The duplicate wrote a decoy like a real sign-up, but nothing can redeem it.
    const decoy = await h.repos.pendingSignUps.findLatest('ada@example.com');
    expect(decoy?.consumedAt).toEqual(h.clock.now());
    expect(h.events.at(-1)?.type).toBe('user.sign_up_duplicate');
  });

  it('normalises a fullwidth ＠ before validating, so it cannot create a look-alike account', async () => {
    const h = testAuth();
    await verifiedUser(h, 'ada@example.com');
    await h.auth.signUp({ email: 'ａｄａ＠ｅｘａｍｐｌｅ.ｃｏｍ', password });

    expect((await h.repos.users.list({ limit: 10 })).users).toHaveLength(1);
    expect(h.lastMail('account_exists').to).toBe('ada@example.com');
  });

  it('hashes the password for duplicates too, so timing does not reveal the account', async () => {
    const h = testAuth();
    let hashes = 0;
    const hasher = h.deps.hasher;
    const counted = testAuth({
      repos: h.repos,
      hasher: {
        ...hasher,
        hash: (value: string) => {
          hashes += 1;
          return hasher.hash(value);
        },
      },
    });
    await counted.auth.signUp({ email: 'ada@example.com', password });
    await counted.auth.signUp({ email: 'ada@example.com', password });
    expect(hashes).toBe(2);
  });

  it.each([
    ['malformed email', { email: 'not-an-email', password }, 'email', 'invalid_format'],
    [
      'NUL byte in email',
      { email: 'ada\u0000@example.com', password },
      'email',
      'control_character',
    ],
    [
      'zero-width space in email',
      { email: 'ada\u200b@example.com', password },
      'email',
      'control_character',
    ],
    [
      'multi-megabyte email',
      { email: `${'a'.repeat(3_000_000)}@example.com`, password },
      'email',
      'too_long',
    ],
    ['non-string email', { email: 42, password }, 'email', 'invalid_type'],
    ['short password', { email: 'ada@example.com', password: 'short' }, 'password', 'too_short'],
    [
      'NUL byte in password',
      { email: 'ada@example.com', password: 'long enough\u0000pw' },
      'password',
      'control_character',
    ],
    [
      'oversized password',
      { email: 'ada@example.com', password: 'x'.repeat(1_000_000) },
      'password',
      'too_long',
    ],
    [
      'metadata inside the input (a request body passed whole)',
      { email: 'ada@example.com', password, metadata: { role: 'admin' } },
      'metadata',
      'not_allowed',
    ],
  ])('rejects %s with a typed error and writes nothing', async (_, input, field, problem) => {
    const h = testAuth();
    const error = await h.auth
      .signUp(untyped<SignUpInput>(input))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toContainEqual({ field, problem });
    expect((await h.repos.users.list({ limit: 10 })).users).toHaveLength(0);
    expect(await h.repos.pendingSignUps.findLatest('ada@example.com')).toBeNull();
    expect(h.mailbox).toHaveLength(0);
    expect(h.events).toHaveLength(0);
  });

  it('never puts the password into an input error', async () => {
    const h = testAuth();
    const secret = 'short\u0001';
    const error = (await h.auth
      .signUp({ email: 'ada@example.com', password: secret })
      .catch((e: unknown) => e)) as InputError;
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('short');
  });

  it('creates exactly one account when the same email signs up concurrently', async () => {
    const h = testAuth({ configOverrides: { emailVerification: { required: false } } });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.auth.signUp({ email: 'race@example.com', password })),
    );
    expect(results.every((result) => result.ok)).toBe(true);
    expect((await h.repos.users.list({ limit: 20 })).users).toHaveLength(1);
  });

  it('stores validated metadata given as the server-side argument', async () => {
    const h = testAuth();
    await h.auth.signUp(
      { email: 'ada@example.com', password },
      { metadata: { plan: 'pro', tags: ['a'] } },
    );
    const { code } = h.lastMail('email_verification_code');
    await h.auth.verifyEmail({ email: 'ada@example.com', code });
    expect((await h.repos.users.findByEmailKey('ada@example.com'))?.metadata).toEqual({
      plan: 'pro',
      tags: ['a'],
    });
  });

  it('refuses server-side metadata with a prototype key, writing nothing', async () => {
    const h = testAuth();
    const metadata = JSON.parse('{"__proto__":{"admin":true}}');
    const error = await h.auth
      .signUp({ email: 'ada@example.com', password }, { metadata })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).issues).toEqual([{ field: 'metadata', problem: 'not_allowed' }]);
    expect((await h.repos.users.list({ limit: 10 })).users).toHaveLength(0);
  });
});

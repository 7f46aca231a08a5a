/**
 * Attack tests for timing enumeration, without a clock: a request about an account and one
 * about an unknown address must make the same repository calls, in the same order, around
 * the same MACs and digests (see work-trace.ts). `pnpm bench --only enumeration` measures
 * what is left over HTTP.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';
import { traceWork } from './work-trace.ts';

function traced(passwordless: { signUp: boolean } = { signUp: true }) {
  const work = traceWork(createMemoryRepositories());
  const h = testAuth({
    repos: work.repos,
    configOverrides: { passwordless: { linkUrl: 'https://app.test/', ...passwordless } },
  });
  return { h, during: work.during };
}

const unknown = () => `nobody-${crypto.randomUUID()}@example.com`;

/** Accounts in the states a prober can tell apart by asking twice. */
async function accounts(h: ReturnType<typeof traced>['h']) {
  const active = await verifiedUser(h);
  const banned = await verifiedUser(h);
  await h.auth.banUser({ userId: banned.userId });
  return { active: active.email, banned: banned.email };
}

describe('a wrong sign-in code (the oracle of review finding F5)', () => {
  it('makes the same calls for a live code, no code, a pending sign-up code and no account', async () => {
    const { h, during } = traced();
    const { active, banned } = await accounts(h);
    const withoutCode = (await verifiedUser(h)).email;
    const pendingSignUp = unknown();
    await h.auth.requestSignInCode({ email: active });
    await h.auth.requestSignInCode({ email: pendingSignUp });
    const guess = (email: string) => during(() => h.auth.signInWithCode({ email, code: '000000' }));
    const reference = await guess(active);
    expect(reference).toEqual([
      'users.findByEmailKey',
      'verificationTokens.findLatest',
      'crypto.sign',
      'verificationTokens.attempt',
      'pendingSignUps.redeemCode',
    ]);
    for (const email of [withoutCode, pendingSignUp, unknown(), banned]) {
      expect(await guess(email)).toEqual(reference);
    }
  });

  it('makes the same calls with passwordless sign-up off', async () => {
    const { h, during } = traced({ signUp: false });
    const { active } = await accounts(h);
    await h.auth.requestSignInCode({ email: active });
    const guess = (email: string) => during(() => h.auth.signInWithCode({ email, code: '000000' }));
    expect(await guess(unknown())).toEqual(await guess(active));
  });

  it('writes once on every path: the counted guess, or one decoy where nothing counted', async () => {
    const { h } = traced();
    const { active } = await accounts(h);
    await h.auth.requestSignInCode({ email: active });
    const account = await h.repos?.users.findByEmailKey(active);
    const liveBefore = await h.repos?.verificationTokens.findLatest(
      account?.id ?? '',
      'sign_in_code',
    );
    await h.auth.signInWithCode({ email: active, code: '000000' });
    const liveAfter = await h.repos?.verificationTokens.findLatest(
      account?.id ?? '',
      'sign_in_code',
    );
    expect(liveAfter?.attempts).toBe((liveBefore?.attempts ?? 0) + 1);
    expect(await h.repos?.pendingSignUps.findLatest(active)).toBeNull();

    const stranger = unknown();
    await h.auth.signInWithCode({ email: stranger, code: '000000' });
    const decoy = await h.repos?.pendingSignUps.findLatest(stranger);
    expect(decoy).toMatchObject({ emailKey: stranger, consumedAt: h.clock.now(), attempts: 0 });
  });
});

describe('requests that mail a secret (or do not)', () => {
  // The one write goes to the table that holds the secret: a reset, link or code token
  // of the account, or a pending sign-up (real, or a decoy) for an address without one.
  // Both are one single-row statement; docs/performance.md gives what that leaves.
  const asUnknown = (trace: string[]) =>
    trace.map((step) => (step === 'verificationTokens.replace' ? 'pendingSignUps.create' : step));

  it('forgot password: one lookup, one digest, one write', async () => {
    const { h, during } = traced();
    const { active, banned } = await accounts(h);
    const forgot = (email: string) => during(() => h.auth.requestPasswordReset({ email }));
    const reference = await forgot(active);
    expect(reference).toEqual([
      'users.findByEmailKey',
      'crypto.digest',
      'verificationTokens.replace',
    ]);
    expect(await forgot(unknown())).toEqual(asUnknown(reference));
    expect(await forgot(banned)).toEqual(asUnknown(reference));
  });

  it.each([true, false])(
    'magic link (sign-up %s): one lookup, one MAC, one digest, one write',
    async (signUp) => {
      const { h, during } = traced({ signUp });
      const { active, banned } = await accounts(h);
      const request = (email: string) => during(() => h.auth.requestMagicLink({ email }));
      const reference = await request(active);
      expect(reference).toEqual([
        'users.findByEmailKey',
        'crypto.sign',
        'crypto.digest',
        'verificationTokens.replace',
      ]);
      expect(await request(unknown())).toEqual(asUnknown(reference));
      expect(await request(banned)).toEqual(asUnknown(reference));
    },
  );

  it.each([true, false])(
    'sign-in code (sign-up %s): one lookup, one MAC, one write',
    async (signUp) => {
      const { h, during } = traced({ signUp });
      const { active, banned } = await accounts(h);
      const request = (email: string) => during(() => h.auth.requestSignInCode({ email }));
      const reference = await request(active);
      expect(reference).toEqual([
        'users.findByEmailKey',
        'crypto.sign',
        'verificationTokens.replace',
      ]);
      expect(await request(unknown())).toEqual(asUnknown(reference));
      expect(await request(banned)).toEqual(asUnknown(reference));
    },
  );
});

describe('sign-up and address verification', () => {
  it('sign-up: the same calls for a taken address and a new one', async () => {
    const { h, during } = traced();
    const { active } = await accounts(h);
    const signUp = (email: string) =>
      during(() => h.auth.signUp({ email, password: 'another correct horse battery' }));
    const reference = await signUp(active);
    expect(reference).toContain('pendingSignUps.create');
    expect(await signUp(unknown())).toEqual(reference);
  });

  it('a wrong verification code: the same calls with and without a pending sign-up', async () => {
    const { h, during } = traced();
    const pending = unknown();
    await h.auth.signUp({ email: pending, password: 'another correct horse battery' });
    const code =
      h.lastMail('email_verification_code', pending).code === '000000' ? '111111' : '000000';
    const verify = (email: string) => during(() => h.auth.verifyEmail({ email, code }));
    const reference = await verify(pending);
    expect(reference).toContain('pendingSignUps.redeemCode');
    expect(await verify(unknown())).toEqual(reference);
  });
});

import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';
import { SHARED_SECRET } from './keys.ts';

const claims = {
  email: 'ada@example.com',
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  expiresAt: new Date('2026-01-01T00:10:00Z'),
  intent: 'sign_in',
} as const;

/**
 * `claims` signed under SHARED_SECRET: HMAC-SHA256 of the payload under
 * HKDF-SHA256(secret, "portcullis-derive-keys", "portcullis/v1/magic-link"), as computed
 * independently (Python's hmac and hashlib) — every runtime must produce it byte for byte.
 */
const KNOWN_TOKEN =
  'eyJ2IjoxLCJlIjoiYWRhQGV4YW1wbGUuY29tIiwibiI6IkFBRUNBd1FGQmdjSUNRb0xEQTBPRHciLCJ4IjoxNzY3MjI2MjAwLCJpIjoic2lnbl9pbiJ9' +
  '.9QcZEhXyZHs9ap9ACWuN_A8u00Zy23b_aOyyN7ZDYW8';

const before = new Date('2026-01-01T00:09:59Z');

/** Magic-link tokens and both passwordless flows on this runtime. */
export function passwordlessCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const secret = new TextEncoder().encode(SHARED_SECRET);
  const harness = () =>
    testing.createTestAuth({
      repos: memory.createMemoryRepositories(),
      config: { passwordless: { linkUrl: 'https://app.example/link' } },
    });

  return collect('passwordless', (test) => {
    test('a magic-link token is the known HMAC-SHA256 token, and verifies to its claims', async () => {
      equal(await core.signMagicLinkToken(secret, claims), KNOWN_TOKEN, 'signed token');
      deepEqual(
        await core.verifyMagicLinkToken(secret, KNOWN_TOKEN, before),
        { ok: true, claims },
        'verified claims',
      );
    });

    test('a tampered, foreign, expired or malformed token is refused', async () => {
      const flipped = `${KNOWN_TOKEN.slice(0, 10)}${KNOWN_TOKEN[10] === 'A' ? 'B' : 'A'}${KNOWN_TOKEN.slice(11)}`;
      const refusal = async (token: string, at = before, key = secret) =>
        core.verifyMagicLinkToken(key, token, at);
      deepEqual(await refusal(flipped), { ok: false, reason: 'bad_signature' }, 'tampered');
      const other = new TextEncoder().encode(`${SHARED_SECRET} (another app)`);
      deepEqual(
        await refusal(KNOWN_TOKEN, before, other),
        { ok: false, reason: 'bad_signature' },
        'another secret',
      );
      deepEqual(
        await refusal(KNOWN_TOKEN, claims.expiresAt),
        { ok: false, reason: 'expired' },
        'expired',
      );
      for (const garbage of ['', 'a.b', `${KNOWN_TOKEN}.x`, 'x'.repeat(100_000)]) {
        deepEqual(await refusal(garbage), { ok: false, reason: 'malformed' }, 'malformed');
      }
    });

    test('a mailed magic link signs in once; its replay is consumed', async () => {
      const h = harness();
      const user = await testing.verifiedUser(h);
      await h.auth.requestMagicLink({ email: user.email });
      const { token, url } = h.lastMail('magic_link', user.email);
      equal(new URL(url).origin, 'https://app.example', 'link origin');
      const [first, second] = await Promise.all([
        h.auth.consumeMagicLink({ token }),
        h.auth.consumeMagicLink({ token }),
      ]);
      equal([first, second].filter((result) => result?.ok).length, 1, 'one of two clicks');
      deepEqual(
        await h.auth.consumeMagicLink({ token }),
        { ok: false, reason: 'consumed' },
        'replay',
      );
    });

    test('an emailed code signs in once and dies after maxAttempts wrong guesses', async () => {
      const h = harness();
      const user = await testing.verifiedUser(h);
      await h.auth.requestSignInCode({ email: user.email });
      const { code } = h.lastMail('sign_in_code', user.email);
      equal((await h.auth.signInWithCode({ email: user.email, code })).ok, true, 'right code');
      equal((await h.auth.signInWithCode({ email: user.email, code })).ok, false, 'reused');

      await h.auth.requestSignInCode({ email: user.email });
      const fresh = h.lastMail('sign_in_code', user.email).code;
      const wrong = fresh === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++) await h.auth.signInWithCode({ email: user.email, code: wrong });
      deepEqual(
        await h.auth.signInWithCode({ email: user.email, code: fresh }),
        { ok: false, reason: 'invalid' },
        'exhausted code',
      );
    });
  });
}

import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64url, fromBase64url, utf8 } from '../primitives/index.ts';
import type { MagicLinkClaims } from './link-token.ts';
import { magicLinkNonceHash, signMagicLinkToken, verifyMagicLinkToken } from './link-token.ts';

const secret = utf8('a-magic-link-test-secret-of-32-bytes!');
const claims: MagicLinkClaims = {
  email: 'Ada@example.com',
  nonce: 'AAECAwQFBgcICQoLDA0ODw',
  expiresAt: new Date('2026-01-01T00:10:00Z'),
  intent: 'sign_in',
};
const before = new Date('2026-01-01T00:09:59.999Z');

/** The token an independent implementation (@noble/hashes) makes of the same claims. */
function independentToken(payloadJson: string): string {
  const key = hkdf(
    sha256,
    secret,
    utf8('portcullis-derive-keys'),
    utf8('portcullis/v1/magic-link'),
    32,
  );
  const payload = base64url(utf8(payloadJson));
  return `${payload}.${base64url(hmac(sha256, key, utf8(payload)))}`;
}

/** Flips one bit of the character at `index` within the base64url alphabet. */
function flip(token: string, index: number): string {
  const char = token[index] ?? '';
  const next = char === 'A' ? 'B' : 'A';
  return `${token.slice(0, index)}${next}${token.slice(index + 1)}`;
}

describe('magic-link tokens', () => {
  it('are HMAC-SHA256 under the HKDF key, byte for byte what @noble/hashes computes', async () => {
    const token = await signMagicLinkToken(secret, claims);
    expect(token).toBe(
      independentToken(
        '{"v":1,"e":"Ada@example.com","n":"AAECAwQFBgcICQoLDA0ODw","x":1767226200,"i":"sign_in"}',
      ),
    );
  });

  it('verify to the claims they were signed with until they expire', async () => {
    const token = await signMagicLinkToken(secret, { ...claims, intent: 'sign_up' });
    expect(await verifyMagicLinkToken(secret, token, before)).toEqual({
      ok: true,
      claims: { ...claims, intent: 'sign_up' },
    });
    expect(await verifyMagicLinkToken(secret, token, claims.expiresAt)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuse any change to payload or MAC as bad_signature', async () => {
    const token = await signMagicLinkToken(secret, claims);
    const dot = token.indexOf('.');
    for (const index of [0, dot - 2, dot + 1, token.length - 2]) {
      const tampered = flip(token, index);
      expect(await verifyMagicLinkToken(secret, tampered, before)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    }
    // Another address, signed by someone without the key, under the original MAC.
    const forged = `${base64url(utf8(JSON.stringify({ v: 1, e: 'eve@example.com', n: claims.nonce, x: 1767226200, i: 'sign_in' })))}${token.slice(dot)}`;
    expect((await verifyMagicLinkToken(secret, forged, before)).ok).toBe(false);
  });

  it('refuse a token signed under another secret', async () => {
    const token = await signMagicLinkToken(utf8('another-secret-that-is-32-bytes-long'), claims);
    expect(await verifyMagicLinkToken(secret, token, before)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuse malformed input before any cryptography', async () => {
    const token = await signMagicLinkToken(secret, claims);
    const huge = `${'a'.repeat(2_000_000)}.${token.split('.')[1]}`;
    for (const value of ['', '.', token.replace('.', ''), `${token}.x`, `${token}=`, huge, 'ä.b']) {
      expect(await verifyMagicLinkToken(secret, value, before)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('refuse a validly signed payload that is not ours as malformed', async () => {
    for (const json of ['[]', '{"v":2}', '{"v":1,"e":"a@b.c","n":"short","x":1,"i":"sign_in"}']) {
      expect(await verifyMagicLinkToken(secret, independentToken(json), before)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('store a labelled hash of the nonce, never the nonce', async () => {
    const hash = await magicLinkNonceHash(claims.nonce);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(claims.nonce);
    expect(hash).not.toBe(await magicLinkNonceHash('AAECAwQFBgcICQoLDA0OEA'));
  });
});

describe('magic-link tokens, property-based', () => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ä';

  it('any presented string is refused with a reason, never thrown on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 1200 }),
        ),
        async (value) => {
          const result = await verifyMagicLinkToken(secret, value, before);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(['malformed', 'bad_signature']).toContain(result.reason);
        },
      ),
    );
  });

  it('any one-character change to a genuine token is refused', async () => {
    const token = await signMagicLinkToken(secret, claims);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet),
        async (index, char) => {
          fc.pre(token[index] !== char);
          const changed = `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
          expect((await verifyMagicLinkToken(secret, changed, before)).ok).toBe(false);
        },
      ),
    );
  });

  it('whatever is signed verifies to exactly the same claims', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.emailAddress().filter((email) => email.length <= 254),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        fc.integer({ min: 1_767_225_600, max: 4_102_444_800 }),
        fc.constantFrom('sign_in' as const, 'sign_up' as const),
        async (email, nonceBytes, exp, intent) => {
          const signed = {
            email,
            nonce: base64url(nonceBytes),
            expiresAt: new Date(exp * 1000),
            intent,
          };
          const token = await signMagicLinkToken(secret, signed);
          expect(await verifyMagicLinkToken(secret, token, new Date(0))).toEqual({
            ok: true,
            claims: signed,
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('fromBase64url', () => {
  it('decodes only canonical base64url', () => {
    expect(fromBase64url('AAECAw')).toEqual(new Uint8Array([0, 1, 2, 3]));
    expect(fromBase64url('AAECAx')).toBeNull(); // non-zero padding bits
    expect(fromBase64url('AAECA')).toBeNull(); // impossible length
    expect(fromBase64url('AA+/')).toBeNull();
  });
});

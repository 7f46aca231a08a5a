import totpVectors from '../../../core/test/totp-vectors.json' with { type: 'json' };
import vectors from '../../../core/test/vectors.json' with { type: 'json' };
import { assert, type Case, collect, equal, rejection } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** RFC 4648 §6 base32 to bytes (the enrolment's secret), for the independent code below. */
export function fromBase32(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => Number.parseInt(byte, 2));
}

/**
 * A TOTP code computed here with WebCrypto alone (RFC 4226 §5.3 dynamic truncation), so the
 * flow case checks core's otpauth-based verifier against an independent implementation.
 */
export async function totpHere(secret: Uint8Array, at: Date): Promise<string> {
  const counter = new DataView(new ArrayBuffer(8));
  counter.setBigUint64(0, BigInt(Math.floor(at.getTime() / 30_000)));
  const key = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(secret),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter.buffer));
  const offset = (mac[19] ?? 0) & 0xf;
  const value = new DataView(mac.buffer).getUint32(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, '0');
}

/** TOTP (RFC 6238 vectors), the secret box, and the MFA step of sign-in on this runtime. */
export function mfaCases({ core, testing, memory }: ConformanceTarget): Case[] {
  return collect('mfa', (test) => {
    const suites = [
      ['SHA1', vectors.rfc6238_totp_sha1],
      ['SHA256', totpVectors.rfc6238_totp_sha256],
      ['SHA512', totpVectors.rfc6238_totp_sha512],
    ] as const;
    for (const [algorithm, suite] of suites) {
      test(`RFC 6238 Appendix B ${algorithm} vectors match at their time step only`, async () => {
        const secret = utf8(suite.secret_ascii);
        for (const [seconds, code] of suite.cases as (string | number)[][]) {
          const at = new Date(Number(seconds) * 1000);
          const params = { algorithm, digits: suite.digits };
          equal(
            core.matchTotpStep(secret, String(code), at, 0, params),
            core.totpStep(at),
            `${seconds}`,
          );
          const later = new Date((Number(seconds) + 60) * 1000);
          equal(
            core.matchTotpStep(secret, String(code), later, 1, params),
            null,
            `${seconds} + 60 s`,
          );
        }
      });
    }

    test('secret box: round trip, rotation by key id; tampering and another context fail closed', async () => {
      const key = (fill: number) => new Uint8Array(32).fill(fill);
      const box = core.createSecretBox({
        keys: [{ id: 'k1', key: key(1) }],
        random: core.cryptoRandom,
      });
      const sealed = await box.seal(utf8('a TOTP seed'), 'user-1');
      equal(
        new TextDecoder().decode(await box.open(sealed, 'user-1')),
        'a TOTP seed',
        'round trip',
      );
      const rotated = core.createSecretBox({
        keys: [
          { id: 'k2', key: key(2) },
          { id: 'k1', key: key(1) },
        ],
        currentKeyId: 'k2',
        random: core.cryptoRandom,
      });
      equal(
        new TextDecoder().decode(await rotated.open(sealed, 'user-1')),
        'a TOTP seed',
        'old key',
      );
      assert(
        (await rotated.seal(utf8('x'), 'c')).startsWith('v1.k2.'),
        'seals with the current key',
      );

      const body = sealed.split('.')[3] ?? '';
      const tampered = sealed.replace(body, `${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`);
      for (const [value, context, what] of [
        [tampered, 'user-1', 'tampered'],
        [sealed, 'user-2', 'another context'],
        ['v1.k9.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA', 'user-1', 'unknown key'],
      ] as const) {
        const error = await rejection(box.open(value, context), what);
        equal(core.isAuthError(error, 'SECRET_UNREADABLE'), true, `${what}: SecretUnreadableError`);
      }
    });

    test('enrol, confirm, then password + TOTP signs in at aal2; the code is refused twice', async () => {
      const h = testing.createTestAuth({ repos: memory.createMemoryRepositories() });
      const user = await testing.signedInUser(h);
      const currentSessionId = user.session.id;
      const enrolled = await h.auth.enrolTotp({ userId: user.userId, currentSessionId });
      assert(enrolled.ok, 'enrolled');
      const secret = fromBase32(enrolled.secret);
      const confirmed = await h.auth.confirmTotp({
        userId: user.userId,
        code: await totpHere(secret, h.clock.now()),
        currentSessionId,
      });
      assert(confirmed.ok, 'confirmed');
      equal(confirmed.backupCodes.length, 10, 'backup codes');
      h.clock.advance(30);

      const signIn = await h.auth.signIn(user);
      assert(signIn.ok && signIn.status === 'mfa_required', 'mfa_required');
      const code = await totpHere(secret, h.clock.now());
      const proof = { method: 'totp', code } as const;
      const completed = await h.auth.completeMfaSignIn({
        challengeToken: signIn.challengeToken,
        proof,
      });
      assert(completed.ok, 'completed');
      equal(completed.session.aal, 'aal2', 'aal');
      const again = await h.auth.signIn(user);
      assert(again.ok && again.status === 'mfa_required', 'mfa_required again');
      const replay = await h.auth.completeMfaSignIn({
        challengeToken: again.challengeToken,
        proof,
      });
      equal(replay.ok ? 'signed_in' : replay.reason, 'invalid_code', 'replayed code');
    });
  });
}

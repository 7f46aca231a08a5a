import { assert, type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const SECRET = new TextEncoder().encode('conformance: account deletion secret, 32+ bytes');
const CLAIMS = {
  kind: 'confirm',
  userId: 'user-42',
  exp: 1_893_456_000,
  nonce: 'n'.repeat(43),
} as const;
/**
 * `signDeletionToken(SECRET, CLAIMS)`: base64url(JSON claims) "." hex HMAC-SHA256 over
 * "portcullis/v1/account-deletion" NUL payload. Cross-checked with Node's
 * `crypto.createHmac`, an implementation independent of WebCrypto.
 */
const VECTOR =
  'eyJraW5kIjoiY29uZmlybSIsInVzZXJJZCI6InVzZXItNDIiLCJleHAiOjE4OTM0NTYwMDAsIm5vbmNlIjoibm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubm5ubiJ9.578e9b48d2e28c6004783284ae1f6faaf4d141adaebc17c1f5d9c6b7647cdf02';
const BEFORE_EXPIRY = new Date(1_893_455_999_000);

/** Account-deletion tokens and the GDPR flows on this runtime's WebCrypto. */
export function lifecycleCases({ core, testing, memory }: ConformanceTarget): Case[] {
  return collect('account lifecycle', (test) => {
    test('a deletion token signs to the published vector and verifies', async () => {
      equal(await core.signDeletionToken(SECRET, CLAIMS), VECTOR, 'signed token');
      deepEqual(
        await core.verifyDeletionToken(SECRET, VECTOR, BEFORE_EXPIRY),
        { ok: true, claims: CLAIMS },
        'verified claims',
      );
    });

    test('tampered, forged, oversized and expired deletion tokens are refused', async () => {
      const [payload = '', mac = ''] = VECTOR.split('.');
      const refused = (token: string, secret = SECRET, at = BEFORE_EXPIRY) =>
        core.verifyDeletionToken(secret, token, at);
      const flipped = `${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}.${mac}`;
      for (const token of [
        flipped,
        `${payload}.${mac.replace(/^./, (c) => (c === '0' ? '1' : '0'))}`,
        `${payload}.`,
        `${'A'.repeat(4000)}.${mac}`,
        '',
      ]) {
        deepEqual(
          await refused(token),
          { ok: false, reason: 'invalid' },
          `refused ${token.slice(0, 12)}`,
        );
      }
      deepEqual(
        await refused(VECTOR, new Uint8Array(32)),
        { ok: false, reason: 'invalid' },
        'other secret',
      );
      deepEqual(
        await refused(VECTOR, SECRET, new Date(CLAIMS.exp * 1000)),
        { ok: false, reason: 'expired' },
        'expired',
      );
    });

    test('request, confirm and export: the account is gone and the export holds no secret', async () => {
      const repos = memory.createMemoryRepositories();
      const h = testing.createTestAuth({ repos, auditSinks: [core.auditLogSink(repos.auditLog)] });
      const user = await testing.signedInUser(h);
      const exported = JSON.stringify(await h.auth.exportAccount({ userId: user.userId }));
      for (const secret of [user.sessionToken, user.refreshToken, user.password])
        assert(!exported.includes(secret), 'no secret in the export');
      await h.auth.requestAccountDeletion({ userId: user.userId, sessionId: user.session.id });
      const { token } = h.lastMail('account_deletion');
      const confirmed = await h.auth.confirmAccountDeletion({ token });
      equal(confirmed.ok && confirmed.status, 'deleted', 'deleted');
      equal(await repos.users.findById(user.userId), null, 'user row');
      equal((await repos.sessions.listByUser(user.userId)).length, 0, 'sessions');
      deepEqual(
        await h.auth.confirmAccountDeletion({ token }),
        { ok: false, reason: 'invalid' },
        'replay',
      );
    });
  });
}

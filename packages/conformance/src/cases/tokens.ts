import { assert, type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const ALGORITHMS = ['HS256', 'EdDSA', 'ES256'] as const;

/** Replaces one character in the middle of a JWS segment (0 header, 1 payload, 2 signature). */
function tamper(token: string, segment: number): string {
  const parts = token.split('.');
  const part = parts[segment] ?? '';
  const at = Math.floor(part.length / 2);
  parts[segment] = `${part.slice(0, at)}${part[at] === 'A' ? 'B' : 'A'}${part.slice(at + 1)}`;
  return parts.join('.');
}

const encode = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The decoded protected header of a compact JWS. */
const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(atob((token.split('.')[0] ?? '').replace(/-/g, '+').replace(/_/g, '/')));

/** JWT access tokens (jose over WebCrypto) with each supported algorithm. */
export function tokenCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const harnessWith = async (alg: (typeof ALGORITHMS)[number], kid = 'k1') => {
    const key = await core.generateAccessTokenKey(alg, kid);
    const repos = memory.createMemoryRepositories();
    const h = testing.createTestAuth({ repos, config: { accessToken: { keys: [key] } } });
    return { h, key };
  };
  const claims = { userId: 'user_1', sessionId: 'session_1', aal: 'aal1' as const };

  return collect('tokens', (test) => {
    for (const alg of ALGORITHMS) {
      test(`${alg}: issue then verify; claims round-trip`, async () => {
        const { h } = await harnessWith(alg);
        const issued = await h.auth.internal.issueAccessToken({
          ...claims,
          scopes: ['read', 'write'],
        });
        deepEqual(headerOf(issued.token), { alg, kid: 'k1', typ: 'at+jwt' }, 'protected header');
        const verified = await h.auth.verifyAccessToken({ accessToken: issued.token });
        assert(verified.ok, `verifies: ${JSON.stringify(verified)}`);
        equal(verified.claims.userId, 'user_1', 'userId');
        equal(verified.claims.sessionId, 'session_1', 'sessionId');
        deepEqual(verified.claims.scopes, ['read', 'write'], 'scopes');
      });

      test(`${alg}: tampering, expiry, another key set and alg "none" are refused`, async () => {
        const { h } = await harnessWith(alg);
        const { token } = await h.auth.internal.issueAccessToken(claims);
        const reason = async (candidate: string) => {
          const result = await h.auth.verifyAccessToken({ accessToken: candidate });
          return result.ok ? 'accepted' : result.reason;
        };
        equal(await reason(tamper(token, 1)), 'bad_signature', 'tampered payload');
        equal(await reason(tamper(token, 2)), 'bad_signature', 'tampered signature');
        const [, payload] = token.split('.');
        const unsigned = `${encode({ alg: 'none', kid: 'k1' })}.${payload}.`;
        equal(await reason(unsigned), 'algorithm_not_allowed', 'alg none');
        const other = await harnessWith(alg);
        equal(
          await reason((await other.h.auth.internal.issueAccessToken(claims)).token),
          'bad_signature',
          'other key',
        );
        h.clock.advance(15 * 60 + 31);
        equal(await reason(token), 'expired', 'after ttl and skew');
      });
    }

    test('an HS256 token signed with a published EdDSA public key is refused', async () => {
      const { h, key } = await harnessWith('EdDSA');
      assert('publicKey' in key, 'an asymmetric key');
      const secret = new TextEncoder().encode(JSON.stringify(key.publicKey));
      const forger = testing.createTestAuth({
        repos: memory.createMemoryRepositories(),
        config: { accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret }] } },
      });
      const { token } = await forger.auth.internal.issueAccessToken(claims);
      const result = await h.auth.verifyAccessToken({ accessToken: token });
      deepEqual(result, { ok: false, reason: 'algorithm_not_allowed' }, 'algorithm confusion');
    });

    test('key rotation: tokens of the previous key verify while it stays listed', async () => {
      const previous = await core.generateAccessTokenKey('ES256', 'old');
      const next = await core.generateAccessTokenKey('EdDSA', 'new');
      const repos = memory.createMemoryRepositories();
      const before = testing.createTestAuth({
        repos,
        config: { accessToken: { keys: [previous] } },
      });
      const { token } = await before.auth.internal.issueAccessToken(claims);
      const keys = [previous, next];
      const after = testing.createTestAuth({
        repos,
        config: { accessToken: { keys, signingKid: 'new' } },
      });
      equal(
        (await after.auth.verifyAccessToken({ accessToken: token })).ok,
        true,
        'old token, both keys listed',
      );
      const fresh = await after.auth.internal.issueAccessToken(claims);
      equal(headerOf(fresh.token).kid, 'new', 'signs with new key');
      const retired = testing.createTestAuth({ repos, config: { accessToken: { keys: [next] } } });
      deepEqual(
        await retired.auth.verifyAccessToken({ accessToken: token }),
        { ok: false, reason: 'unknown_key' },
        'retired',
      );
      const { keys: published } = await after.auth.publicJwks();
      equal(published.length, 2, 'both public keys published');
      assert(
        published.every((jwk) => jwk.d === undefined),
        'no private part published',
      );
    });
  });
}

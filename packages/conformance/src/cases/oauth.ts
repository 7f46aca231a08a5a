import type * as Core from '@portcullis/core';
import vectors from '../../../core/test/vectors.json' with { type: 'json' };
import { assert, type Case, collect, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';
import { fakeIssuer, rsaKey, signJwt, unsignedJwt } from './oauth-fake-issuer.ts';

const ISSUER = 'https://issuer.test';
const CLIENT = { clientId: 'client-1', clientSecret: 'client-secret-of-the-app' };

/** OAuth / OIDC: PKCE, redirect checks, ID-token validation and the flow, on WebCrypto + jose. */
export function oauthCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const harness = async (secondFactor?: Core.SecondFactorGate) => {
    const clock = { now: () => new Date() };
    const issuer = await fakeIssuer({ issuer: ISSUER, ...CLIENT, now: () => clock.now() });
    const h = testing.createTestAuth({
      repos: memory.createMemoryRepositories(),
      ...(secondFactor ? { secondFactor } : {}),
      oauth: {
        providers: [
          {
            kind: 'oidc',
            id: 'fake',
            issuer: ISSUER,
            redirectUri: 'https://app.test/oauth/callback/fake',
            ...CLIENT,
          },
        ],
        fetch: issuer.fetch,
      },
    });
    clock.now = () => h.clock.now();
    return { h, issuer };
  };

  return collect('oauth', (test) => {
    test('PKCE S256 matches the RFC 7636 appendix B vector; verifiers are fresh', async () => {
      const { code_verifier, code_challenge } = vectors.rfc7636_pkce_s256;
      equal(await core.codeChallengeS256(code_verifier), code_challenge, 'S256 challenge');
    });

    test('redirect targets: relative paths pass; schemes, //host and backslashes do not', () => {
      const allowed = ['/', '/account?tab=1', '/a/b#c'];
      const refused = [
        'javascript:alert(1)',
        'JavaScript:alert(1)',
        '//evil.example',
        '/\\evil.example',
        '\\\\evil.example',
        '/\t/evil.example',
        'https://evil.example/',
        'https://app.test@evil.example/',
        'data:text/html,x',
        '',
        `/${'a'.repeat(3000)}`,
      ];
      for (const target of allowed) assert(core.checkRedirectTarget(target).ok, `allows ${target}`);
      for (const target of refused)
        assert(!core.checkRedirectTarget(target).ok, `refuses ${JSON.stringify(target)}`);
      assert(
        core.checkRedirectTarget('https://app.test/x', ['https://app.test']).ok,
        'allowed origin',
      );
      assert(
        !core.checkRedirectTarget('https://user:pw@app.test/x', ['https://app.test']).ok,
        'credentials',
      );
    });

    test('ID tokens: signature, iss, aud, azp, exp, iat and nonce against a local JWKS', async () => {
      const key = await rsaKey('k1');
      const other = await rsaKey('k1');
      const now = new Date('2030-01-01T00:00:00Z');
      const iat = Math.floor(now.getTime() / 1000);
      const base = {
        iss: ISSUER,
        sub: 'subject-1',
        aud: CLIENT.clientId,
        iat,
        exp: iat + 300,
        nonce: 'n-1',
      };
      const header = { alg: 'RS256', kid: 'k1' };
      const check = async (token: string) => {
        const result = await core.validateIdToken(token, {
          keys: async () => key.publicKey,
          algorithms: ['RS256'],
          issuer: ISSUER,
          clientId: CLIENT.clientId,
          nonce: 'n-1',
          now,
          clockSkew: 30,
          maxAge: 600,
        });
        return result.ok ? 'ok' : result.reason;
      };
      const signed = (claims: Record<string, unknown>) => signJwt(header, claims, key.privateKey);
      equal(await check(await signed(base)), 'ok', 'a valid token');
      equal(await check(await signed({ ...base, aud: 'someone-else' })), 'wrong_audience', 'aud');
      equal(
        await check(await signed({ ...base, iss: 'https://evil.test' })),
        'wrong_issuer',
        'iss',
      );
      equal(await check(await signed({ ...base, nonce: 'n-2' })), 'nonce_mismatch', 'nonce');
      equal(await check(await signed({ ...base, exp: iat - 60 })), 'expired', 'exp');
      equal(
        await check(await signed({ ...base, iat: iat + 600 })),
        'issued_in_future',
        'iat future',
      );
      equal(await check(await signed({ ...base, iat: iat - 3600 })), 'too_old', 'iat old');
      equal(
        await check(await signed({ ...base, aud: [CLIENT.clientId, 'other'] })),
        'wrong_authorized_party',
        'several audiences without azp',
      );
      equal(await check(await signed({ ...base, azp: 'other' })), 'wrong_authorized_party', 'azp');
      equal(
        await check(await signJwt(header, base, other.privateKey)),
        'bad_signature',
        'other key',
      );
      equal(await check(unsignedJwt(base)), 'algorithm_not_allowed', 'alg none');
      const hs256 = await signJwt({ alg: 'HS256', kid: 'k1' }, base, {
        hmacSecret: CLIENT.clientSecret,
      });
      equal(await check(hs256), 'algorithm_not_allowed', 'HS256 with the client secret');
      const { sub: _sub, ...noSubject } = base;
      equal(await check(await signed(noSubject)), 'missing_claims', 'no sub');
    });

    test('a new identity makes an account; the second callback signs in; codes are single use', async () => {
      const { h, issuer } = await harness();
      const start = await h.auth.startAuthorization({ provider: 'fake', redirectTo: '/welcome' });
      assert(start.ok, 'starts');
      const url = new URL(start.authorizationUrl);
      equal(url.searchParams.get('code_challenge_method'), 'S256', 'S256');
      const email = `oauth-${crypto.randomUUID()}@example.com`;
      const params = issuer.approve(start.authorizationUrl, {
        subject: 's-1',
        email,
        emailVerified: true,
      });
      const sealedState = start.sealedState;
      const created = await h.auth.handleCallback({ provider: 'fake', sealedState, ...params });
      assert(created.ok && created.status === 'created', `created: ${JSON.stringify(created)}`);
      equal(created.user.emailVerified, true, 'provider-verified address');
      equal(created.redirectTo, '/welcome', 'redirect target');
      const replay = await h.auth.handleCallback({ provider: 'fake', sealedState, ...params });
      equal(replay.ok ? replay.status : replay.reason, 'authorization_failed', 'code replay');

      const again = await h.auth.startAuthorization({ provider: 'fake' });
      assert(again.ok, 'starts again');
      const second = issuer.approve(again.authorizationUrl, { subject: 's-1', email });
      const signedIn = await h.auth.handleCallback({
        provider: 'fake',
        sealedState: again.sealedState,
        ...second,
      });
      assert(
        signedIn.ok && signedIn.status === 'signed_in',
        `signed in: ${JSON.stringify(signedIn)}`,
      );
      equal(signedIn.user.id, created.user.id, 'same account');
    });

    test('an address an account has is never linked silently', async () => {
      const { h, issuer } = await harness();
      const owner = await testing.verifiedUser(h);
      const start = await h.auth.startAuthorization({ provider: 'fake' });
      assert(start.ok, 'starts');
      const params = issuer.approve(start.authorizationUrl, {
        subject: 'stranger',
        email: owner.email.toUpperCase(),
        emailVerified: false,
      });
      const result = await h.auth.handleCallback({
        provider: 'fake',
        sealedState: start.sealedState,
        ...params,
      });
      equal(result.ok ? result.status : result.reason, 'link_requires_confirmation', 'not linked');
      equal((await h.auth.listLinkedAccounts({ userId: owner.userId })).length, 0, 'no link');
    });

    test('state: missing, mismatched, of another purpose, tampered or expired is refused', async () => {
      const { h, issuer } = await harness();
      const start = await h.auth.startAuthorization({ provider: 'fake' });
      assert(start.ok, 'starts');
      const params = issuer.approve(start.authorizationUrl, {
        subject: 's-2',
        email: 'x@example.com',
      });
      const reason = async (input: Partial<Parameters<typeof h.auth.handleCallback>[0]>) => {
        const result = await h.auth.handleCallback({
          provider: 'fake',
          sealedState: start.sealedState,
          ...params,
          ...input,
        });
        return result.ok ? result.status : result.reason;
      };
      equal(await reason({ sealedState: null }), 'invalid_state', 'no state cookie');
      equal(await reason({ state: 'other' }), 'invalid_state', 'state mismatch');
      equal(await reason({ state: undefined }), 'invalid_state', 'state missing');
      equal(
        await reason({ sealedState: `${start.sealedState.slice(0, -2)}AA` }),
        'invalid_state',
        'tampered',
      );
      equal(await reason({ iss: 'https://evil.test' }), 'authorization_failed', 'mix-up');
      equal(await reason({ iss: undefined }), 'authorization_failed', 'iss promised but missing');
      h.clock.advance(601);
      equal(await reason({}), 'invalid_state', 'expired');
    });

    test('ID tokens from the token endpoint: wrong aud, iss, nonce, expired, none, HS256 refused', async () => {
      const { h, issuer } = await harness();
      const forged = async (forge: (claims: Record<string, unknown>) => Promise<string>) => {
        const start = await h.auth.startAuthorization({ provider: 'fake' });
        assert(start.ok, 'starts');
        const params = issuer.approve(start.authorizationUrl, {
          subject: `s-${crypto.randomUUID()}`,
          email: `${crypto.randomUUID()}@example.com`,
          emailVerified: true,
          idToken: forge,
        });
        const result = await h.auth.handleCallback({
          provider: 'fake',
          sealedState: start.sealedState,
          ...params,
        });
        const event = h.events.filter((e) => e.type === 'oauth.callback_failed').at(-1);
        return `${result.ok ? result.status : result.reason}/${event && 'detail' in event ? event.detail : ''}`;
      };
      const signed = (changes: Record<string, unknown>) => (claims: Record<string, unknown>) =>
        signJwt({ alg: 'RS256', kid: 'fake-1' }, { ...claims, ...changes }, issuer.key.privateKey);
      equal(
        await forged(signed({ aud: 'another-client' })),
        'authorization_failed/wrong_audience',
        'aud',
      );
      equal(
        await forged(signed({ iss: 'https://evil.test' })),
        'authorization_failed/wrong_issuer',
        'iss',
      );
      equal(
        await forged(signed({ nonce: 'replayed' })),
        'authorization_failed/nonce_mismatch',
        'nonce',
      );
      const past = Math.floor(h.clock.now().getTime() / 1000) - 3600;
      equal(
        await forged(signed({ iat: past, exp: past + 60 })),
        'authorization_failed/expired',
        'expired',
      );
      equal(
        await forged(async (claims) => unsignedJwt(claims)),
        'authorization_failed/algorithm_not_allowed',
        'none',
      );
      const hs256 = (claims: Record<string, unknown>) =>
        signJwt({ alg: 'HS256', kid: 'fake-1' }, claims, { hmacSecret: CLIENT.clientSecret });
      equal(
        await forged(hs256),
        'authorization_failed/algorithm_not_allowed',
        'HS256 with the client secret',
      );
      equal(h.eventCount('user.signed_up'), 0, 'no account was made');
    });

    test('a user with a second factor gets mfa_required after the provider', async () => {
      const { h, issuer } = await harness({ activeFactors: async () => ['totp'] });
      const start = await h.auth.startAuthorization({ provider: 'fake' });
      assert(start.ok, 'starts');
      const params = issuer.approve(start.authorizationUrl, {
        subject: 'mfa-user',
        email: `${crypto.randomUUID()}@example.com`,
        emailVerified: true,
      });
      const result = await h.auth.handleCallback({
        provider: 'fake',
        sealedState: start.sealedState,
        ...params,
      });
      assert(result.ok && result.status === 'mfa_required', `mfa: ${JSON.stringify(result)}`);
      assert(result.challengeToken.length === 43, 'a challenge token');
      equal(h.eventCount('user.signed_in'), 0, 'no session');
    });

    test('an account made from an unverified provider address is the owner’s once they prove it', async () => {
      const { h, issuer } = await harness();
      const email = `victim-${crypto.randomUUID()}@example.com`;
      const squat = async () => {
        const start = await h.auth.startAuthorization({ provider: 'fake' });
        assert(start.ok, 'starts');
        const params = issuer.approve(start.authorizationUrl, {
          subject: 'squatter',
          email,
          emailVerified: false,
        });
        return h.auth.handleCallback({
          provider: 'fake',
          sealedState: start.sealedState,
          ...params,
        });
      };
      const first = await squat();
      assert(first.ok && first.status === 'created', `created: ${JSON.stringify(first)}`);
      equal(first.user.emailVerified, false, 'the provider did not vouch for the address');
      // The owner signs up with the address and proves it with the mailed code.
      await h.auth.signUp({ email, password: testing.TEST_PASSWORD });
      const { code } = h.lastMail('email_verification_code', email);
      const verified = await h.auth.verifyEmail({ email, code });
      assert(verified.ok && verified.userId === first.user.id, 'the owner confirms the account');
      equal(
        (await h.auth.listLinkedAccounts({ userId: first.user.id })).length,
        0,
        'identity removed',
      );
      const again = await squat();
      equal(
        again.ok ? again.status : again.reason,
        'link_requires_confirmation',
        'the squatter is out',
      );
    });

    test('the provider’s tokens are stored sealed and read back for the identity’s user only', async () => {
      const { h, issuer } = await harness();
      const start = await h.auth.startAuthorization({ provider: 'fake' });
      assert(start.ok, 'starts');
      const params = issuer.approve(start.authorizationUrl, {
        subject: `tokens-${crypto.randomUUID()}`,
        email: `${crypto.randomUUID()}@example.com`,
        emailVerified: true,
      });
      const created = await h.auth.handleCallback({
        provider: 'fake',
        sealedState: start.sealedState,
        ...params,
      });
      assert(created.ok && created.status === 'created', 'created');
      const [account] = await h.auth.listLinkedAccounts({ userId: created.user.id });
      assert(account, 'linked');
      const accessToken = issuer.accessTokens().at(-1) ?? '';
      const stored = (await h.repos.oauthAccounts.listByUser(created.user.id))[0]?.tokens ?? '';
      assert(stored.startsWith('v1.') && !stored.includes(accessToken), 'sealed at rest');
      const tokens = await h.auth.getProviderTokens({
        userId: created.user.id,
        accountId: account.id,
      });
      equal(tokens?.accessToken, accessToken, 'the access token opens');
      equal(tokens?.refreshToken, `refresh-${accessToken}`, 'the refresh token opens');
      equal(tokens?.expiresAt?.getTime(), h.clock.now().getTime() + 3_600_000, 'expiry');
      equal(
        await h.auth.getProviderTokens({ userId: 'someone-else', accountId: account.id }),
        null,
        'not another user’s',
      );
    });
  });
}

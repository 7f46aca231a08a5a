import { type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const client = { id: 'rs', secret: 'conformance resource server secret (32+)' };

/** RFC 7662 introspection on this runtime: client authentication, access tokens, API keys. */
export function introspectionCases({ testing, memory }: ConformanceTarget): Case[] {
  return collect('introspection', (test) => {
    test('refuses a wrong client secret; reports access tokens and API keys; inactive otherwise', async () => {
      const h = testing.createTestAuth({
        repos: memory.createMemoryRepositories(),
        config: { introspection: { clients: [client] } },
      });
      const ask = (token: string, clientSecret = client.secret) =>
        h.auth.introspectToken({ clientId: client.id, clientSecret, token });
      deepEqual(await ask('x', 'wrong'), { ok: false, reason: 'invalid_client' }, 'wrong secret');
      const user = await testing.signedInUser(h);
      const { token } = await h.auth.internal.issueAccessToken({
        userId: user.userId,
        sessionId: user.session.id,
        aal: 'aal1',
      });
      const access = await ask(token);
      equal(access.ok && access.response.active && access.response.sub, user.userId, 'access sub');
      const organization = await h.auth.createOrganization({ userId: user.userId, name: 'C' });
      const organizationId = organization.ok ? organization.organization.id : '';
      const { apiKey } = await h.auth.createApiKey({ owner: { organizationId }, name: 'k' });
      const key = await ask(apiKey);
      equal(key.ok && key.response.active && key.response.org, organizationId, 'key org');
      deepEqual(await ask('not a token'), { ok: true, response: { active: false } }, 'garbage');
    });
  });
}

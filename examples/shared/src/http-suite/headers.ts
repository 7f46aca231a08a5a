/**
 * Response headers every JSON answer of the example apps carries, whichever code wrote it:
 * the auth routes (`@portcullis/http`), the app's own routes and its error pages.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from './client.ts';
import { signInWithBearer, signInWithCookie, verifiedUser } from './flows.ts';

function expectSniffProofJson(response: ApiResponse, name: string) {
  expect(response.headers.get('content-type'), name).toMatch(/^application\/json/);
  // Without it a browser may sniff a JSON body that echoes user input as HTML or script.
  expect(response.headers.get('x-content-type-options'), name).toBe('nosniff');
}

export function describeJsonHeaders(api: () => ApiClient): void {
  describe('JSON responses', () => {
    it('all carry X-Content-Type-Options: nosniff', async () => {
      const user = await verifiedUser(api());
      const { cookie } = await signInWithCookie(api(), user.email, user.password);
      const { accessToken } = await signInWithBearer(api(), user.email, user.password);
      const responses: [string, ApiResponse][] = [
        ['profile (cookie)', await api().get('/api/profile', { cookie })],
        ['profile (bearer)', await api().get('/api/profile', { bearer: accessToken })],
        ['profile (signed out)', await api().get('/api/profile')],
        ['dev mailbox JSON', await api().get('/dev/mailbox.json')],
        ['auth route', await api().get('/auth/me', { cookie })],
        ['unknown path', await api().get('/no-such-page')],
        ['JWKS', await api().get('/.well-known/jwks.json')],
      ];
      for (const [name, response] of responses) expectSniffProofJson(response, name);
    });
  });
}

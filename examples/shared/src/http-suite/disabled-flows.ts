/**
 * Capability flags over HTTP on both apps: a server started with FLOWS_OFF answers every
 * route of those flows 404 and sends nothing, while the rest work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import { ApiClient, errorCode } from './client.ts';
import { freshEmail, freshPassword, mailsTo } from './flows.ts';

export function describeDisabledFlows(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
): void {
  describe('flows switched off (FLOWS_OFF)', () => {
    let server: { url: string; close(): Promise<void> } | undefined;
    let api: ApiClient;

    beforeAll(async () => {
      server = await start({
        port: 0,
        env: { ...baseEnv, RATE_LIMITS: 'off', FLOWS_OFF: 'signUp,magicLinks,signInCodes,oauth' },
      });
      api = new ApiClient(server.url);
    }, 30_000);
    afterAll(async () => {
      await server?.close();
    });

    it('answers 404 not_found on every route of a disabled flow and mails nothing', async () => {
      const email = freshEmail();
      for (const [path, body] of [
        ['/auth/sign-up', { email, password: freshPassword() }],
        ['/auth/magic-link', { email }],
        ['/auth/magic-link/consume', { token: 'x' }],
        ['/auth/sign-in-code', { email }],
        ['/auth/sign-in-code/verify', { email, code: '123456' }],
        ['/auth/oauth/dev/start', {}],
        ['/auth/oauth/dev/callback', { state: 'x', code: 'y' }],
      ] as const) {
        const response = await api.post(path, body);
        expect(response.status, path).toBe(404);
        expect(errorCode(response)).toBe('not_found');
      }
      expect(await mailsTo(api, email)).toEqual([]);
      const providers = await api.get('/auth/oauth/providers');
      expect(providers.status).toBe(404);
    });

    it('keeps the flows left on: forgot-password still answers 202', async () => {
      const response = await api.post('/auth/password/forgot', { email: freshEmail() });
      expect(response.status).toBe(202);
    });
  });
}

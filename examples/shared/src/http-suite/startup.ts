/** How the app starts under other settings: production refusals and the dev-only routes. */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import { ApiClient, errorCode } from './client.ts';

const secret = () => randomBytes(32).toString('base64url');

export function describeStartup(start: StartExample, baseEnv: Record<string, string | undefined>) {
  describe('start-up settings', () => {
    it('refuses to start in production without AUTH_SECRET', async () => {
      await expect(start({ port: 0, env: { ...baseEnv, NODE_ENV: 'production' } })).rejects.toThrow(
        /AUTH_SECRET/,
      );
    });

    it('refuses to start in production with RATE_LIMITS=off', async () => {
      const env = {
        ...baseEnv,
        NODE_ENV: 'production',
        AUTH_SECRET: secret(),
        APP_ORIGIN: 'https://app.example',
        RATE_LIMITS: 'off',
      };
      await expect(start({ port: 0, env })).rejects.toThrow(/RATE_LIMITS cannot be off/);
    });

    it('does not mount the dev mailbox in production, or when DEV_MAILBOX=false', async () => {
      for (const env of [
        { NODE_ENV: 'production', AUTH_SECRET: secret(), APP_ORIGIN: 'https://app.example' },
        { NODE_ENV: 'test', AUTH_SECRET: secret(), DEV_MAILBOX: 'false' },
      ]) {
        const server = await start({ port: 0, env: { ...baseEnv, ...env } });
        try {
          const api = new ApiClient(server.url);
          for (const path of ['/dev/mailbox', '/dev/mailbox.json']) {
            const response = await api.get(path);
            expect(response.status, `${env.NODE_ENV} ${path}`).toBe(404);
            expect(errorCode(response)).toBe('not_found');
          }
          // The auth API itself is there.
          expect((await api.get('/auth/me')).status).toBe(401);
        } finally {
          await server.close();
        }
      }
    });
  });
}

import type { RateLimitRule } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness } from './test-support/harness.ts';

const rule = (by: RateLimitRule['by'], capacity: number): RateLimitRule => ({
  by,
  policy: { capacity, refillPerSecond: 1 / 600 },
});

describe('MFA rate limits', () => {
  it('POST /sign-in/mfa counts per address before core looks at the challenge', async () => {
    const h = httpHarness({ rateLimits: { rules: { mfa_sign_in: [rule('ip', 2)] } } });
    const attempt = () =>
      h.send({
        method: 'POST',
        path: '/sign-in/mfa',
        body: { challengeToken: 'x'.repeat(43), method: 'totp', code: '123456' },
      });
    expect(errorCode(await attempt())).toBe('invalid_challenge');
    expect(errorCode(await attempt())).toBe('invalid_challenge');
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(errorCode(refused)).toBe('rate_limited');
  });

  it('the signed-in MFA routes count per session', async () => {
    const h = httpHarness({ rateLimits: { rules: { mfa_manage: [rule('session', 2)] } } });
    const user = await h.cookieUser();
    const disable = () =>
      h.send({
        method: 'POST',
        path: '/mfa/disable',
        headers: { origin: APP_ORIGIN, cookie: user.cookie },
        body: { method: 'totp', code: '123456' },
      });
    expect(errorCode(await disable())).toBe('mfa_not_enabled');
    const enrol = await h.send({
      method: 'POST',
      path: '/mfa/totp',
      headers: { origin: APP_ORIGIN, cookie: user.cookie },
      body: {},
    });
    expect(enrol.status).toBe(200);
    const refused = await disable();
    expect(refused.status).toBe(429);
    // The status read is not limited: it guesses nothing.
    const status = await h.send({ path: '/mfa', headers: { cookie: user.cookie } });
    expect(status.status).toBe(200);
  });
});

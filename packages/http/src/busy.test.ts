import type { PasswordHasher } from '@portcullis/core';
import { createAuthConfig, createPasswordHasher, limitHasherConcurrency } from '@portcullis/core';
import { testConfig } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { errorCode, httpHarness } from './test-support/harness.ts';

/** The test config's hasher, whose `verify` waits until the test lets it finish. */
function heldHasher() {
  const inner = createPasswordHasher(createAuthConfig(testConfig));
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let markEntered = () => {};
  /** Settles when the first `verify` has started and is holding its slot. */
  const entered = new Promise<void>((resolve) => {
    markEntered = resolve;
  });
  const hasher: PasswordHasher = {
    ...inner,
    verify: async (stored, password) => {
      markEntered();
      await held;
      return inner.verify(stored, password);
    },
  };
  return { hasher, release, entered };
}

describe('an overloaded password hasher', () => {
  it('answers 503 busy with Retry-After, reports nothing as an error, and recovers', async () => {
    const held = heldHasher();
    const hasher = limitHasherConcurrency(held.hasher, {
      maxConcurrent: 1,
      maxQueued: 0,
      retryAfterSeconds: 2,
    });
    const h = httpHarness({ auth: { hasher } });
    const user = await h.verifiedUser();
    const signIn = { method: 'POST', path: '/sign-in', body: user } as const;

    const first = h.send(signIn);
    await held.entered;
    const refused = await h.send(signIn);
    expect([refused.status, errorCode(refused)]).toEqual([503, 'busy']);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.headers['cache-control']).toBe('no-store');
    expect(refused.setCookies).toEqual([]);
    expect(h.errors).toEqual([]);

    held.release();
    expect((await first).status).toBe(200);
    expect((await h.send(signIn)).status).toBe(200);
  });
});

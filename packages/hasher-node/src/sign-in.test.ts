import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { Argon2idEngine } from '@portcullis/core';
import {
  BusyError,
  createArgon2idHasher,
  createAuthConfig,
  limitHasherConcurrency,
} from '@portcullis/core';
import { createTestAuth, testConfig, verifiedUser } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import vectors from '../../core/test/vectors.json' with { type: 'json' };
import { createNodePasswordHasher } from './create.ts';
import { nativeArgon2id } from './native-engine.ts';

const config = createAuthConfig(testConfig);

function harness(hasher = createNodePasswordHasher(config)) {
  return createTestAuth({ repos: createMemoryRepositories(), hasher });
}

describe('sign-in on the Node hasher', () => {
  it('signs in, and rehashes a legacy bcrypt hash to argon2id that the portable hasher reads', async () => {
    const h = harness();
    const { userId, email } = await verifiedUser(h);
    const legacy = vectors.bcrypt_openbsd.cases.find((c) => c.password.length > 0);
    if (!legacy) throw new Error('no bcrypt vector');
    await h.repos.users.update(userId, { passwordHash: legacy.hash, updatedAt: h.clock.now() });

    const result = await h.auth.signIn({ email, password: legacy.password });
    expect(result.ok).toBe(true);
    const stored = (await h.repos.users.findById(userId))?.passwordHash ?? '';
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(h.eventCount('password.rehashed')).toBe(1);
    const portable = createArgon2idHasher({
      params: config.password.argon2,
      verifyLimits: config.password.verifyLimits,
      pepper: config.password.pepper,
    });
    expect(await portable.verify(stored, legacy.password)).toBe(true);
  });

  it('gives an unknown email exactly the argon2id work of a wrong password', async () => {
    const runs: string[] = [];
    const recording: Argon2idEngine = (input) => {
      runs.push(
        `m=${input.memoryKiB},t=${input.iterations},p=${input.parallelism},len=${input.hashLength}`,
      );
      return nativeArgon2id(input);
    };
    const hasher = limitHasherConcurrency(
      createArgon2idHasher({
        params: config.password.argon2,
        verifyLimits: config.password.verifyLimits,
        pepper: config.password.pepper,
        engine: recording,
      }),
      { maxConcurrent: 2, maxQueued: 8 },
    );
    const h = harness(hasher);
    const { email } = await verifiedUser(h);
    // No warm-up: the very first unknown email already costs exactly one verify.
    runs.length = 0;
    expect(await h.auth.signIn({ email, password: 'wrong password' })).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    const wrongPassword = [...runs];
    runs.length = 0;
    expect(
      await h.auth.signIn({ email: 'nobody@example.com', password: 'wrong password' }),
    ).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });
    expect(runs).toEqual(wrongPassword);
    expect(wrongPassword).toEqual(['m=256,t=1,p=1,len=32']);
  });

  it('answers BusyError past the queue cap, and the refused attempt starts no session', async () => {
    const h = harness(createNodePasswordHasher(config, { maxConcurrent: 1, maxQueued: 1 }));
    const user = await verifiedUser(h);
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        h.auth.signIn({ email: user.email, password: user.password }),
      ),
    );
    const busy = attempts.filter((a) => a.status === 'rejected');
    const signedIn = attempts.filter((a) => a.status === 'fulfilled' && a.value.ok);
    expect(busy.length).toBeGreaterThanOrEqual(1);
    for (const refusal of busy)
      expect((refusal as PromiseRejectedResult).reason).toBeInstanceOf(BusyError);
    expect(signedIn.length + busy.length).toBe(6);
    expect(h.eventCount('user.signed_in')).toBe(signedIn.length);
    expect(await h.repos.sessions.listByUser(user.userId)).toHaveLength(signedIn.length);
    // Once the flood is over the hasher admits work again.
    expect((await h.auth.signIn({ email: user.email, password: user.password })).ok).toBe(true);
  });
});

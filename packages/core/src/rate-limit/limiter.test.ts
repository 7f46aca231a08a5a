import { describe, expect, it } from 'vitest';
import { untyped } from '../../test/untyped.ts';
import { isAuthError, StorageError } from '../errors.ts';
import {
  EMAIL,
  IP,
  limiterWith,
  recordingStore,
  rule,
  secret,
  start,
  subjectOf,
} from './limiter.fixtures.ts';
import { createRateLimiter } from './limiter.ts';
import type { RateLimitRules } from './policies.ts';
import { defaultRateLimits } from './policies.ts';

describe('createRateLimiter', () => {
  it('takes one token from each bucket the request falls into, most specific first', async () => {
    const { limiter, takes } = limiterWith();
    expect(await limiter.check('sign_in', { ip: IP, email: EMAIL })).toEqual({ ok: true });
    expect(takes.map(subjectOf)).toEqual(['ip_email', 'email', 'ip']);
    // No device token presented: the device rule is skipped.
    expect(takes.map((take) => take.policy)).toEqual(
      defaultRateLimits.sign_in.filter((r) => r.by !== 'device').map((r) => r.policy),
    );
    for (const take of takes) {
      expect(take.cost).toBe(1);
      expect(take.now).toEqual(start);
      expect(take.key).toMatch(/^sign_in:(ip_email|email|ip):[0-9a-f]{32}$/);
    }
  });

  it('applies custom rules most specific first whatever order they are written in', async () => {
    const { limiter, takes } = limiterWith({
      rules: { sign_in: [rule('ip', 5), rule('email', 5), rule('ip_email', 5)] },
    });
    await limiter.check('sign_in', { ip: IP, email: EMAIL });
    expect(takes.map(subjectOf)).toEqual(['ip_email', 'ip', 'email']);
  });

  it('stops at the first refusal, so later buckets are not spent by refused requests', async () => {
    const { limiter, takes } = limiterWith({
      rules: { sign_in: [rule('ip', 100), rule('email', 100), rule('ip_email', 2)] },
    });
    expect(await limiter.check('sign_in', { ip: IP, email: EMAIL })).toEqual({ ok: true });
    expect(await limiter.check('sign_in', { ip: IP, email: EMAIL })).toEqual({ ok: true });
    takes.length = 0;
    for (let i = 0; i < 20; i++) {
      expect(await limiter.check('sign_in', { ip: IP, email: EMAIL })).toEqual({
        ok: false,
        retryAfterSeconds: 60,
        by: 'ip_email',
      });
    }
    expect(new Set(takes.map(subjectOf))).toEqual(new Set(['ip_email']));
  });

  it('keys buckets by a keyed hash: no address or email in clear, stable per secret', async () => {
    const { limiter, takes } = limiterWith();
    await limiter.check('sign_in', { ip: IP, email: 'Ada@Example.com' });
    const keys = takes.map((take) => take.key);
    for (const key of keys) {
      for (const clear of [IP, '203.0.113', 'ada', 'example', '@'])
        expect(key).not.toContain(clear);
    }
    // Another instance with the same secret finds the same buckets; another secret does not.
    const again = limiterWith();
    await again.limiter.check('sign_in', { ip: IP, email: EMAIL });
    expect(again.takes.map((take) => take.key)).toEqual(keys);
    const other = limiterWith({ secret: new Uint8Array(32).fill(8) });
    await other.limiter.check('sign_in', { ip: IP, email: EMAIL });
    for (const take of other.takes) expect(keys).not.toContain(take.key);
  });

  it('keeps its own copy of the secret: mutating the caller’s buffer changes no bucket', async () => {
    const reference = limiterWith();
    await reference.limiter.check('sign_in', { ip: IP, email: EMAIL });
    const callerBuffer = new Uint8Array(secret);
    const { limiter, takes } = limiterWith({ secret: callerBuffer });
    callerBuffer.fill(0);
    await limiter.check('sign_in', { ip: IP, email: EMAIL });
    callerBuffer.fill(9);
    await limiter.check('sign_in', { ip: IP, email: EMAIL });
    const keys = reference.takes.map((take) => take.key);
    expect(takes.map((take) => take.key)).toEqual([...keys, ...keys]);
  });

  it('shares one bucket between spellings of one address (case, spaces, fullwidth)', async () => {
    const { limiter, takes } = limiterWith({ rules: { password_reset_mail: [rule('email', 5)] } });
    for (const email of [
      'Ada@Example.com',
      ' ada@example.com ',
      'ADA@EXAMPLE.COM',
      'ａｄａ@example.com',
    ])
      await limiter.check('password_reset_mail', { ip: IP, email });
    expect(new Set(takes.map((take) => take.key)).size).toBe(1);
    await limiter.check('password_reset_mail', { ip: IP, email: 'bob@example.com' });
    expect(new Set(takes.map((take) => take.key)).size).toBe(2);
  });

  it('skips the email rules for input that is not an address, keeping the address rules', async () => {
    for (const email of [
      'not an email',
      '',
      42,
      {},
      ['a@b.co'],
      'a@b.co\u0000',
      'x'.repeat(5000),
    ]) {
      const { limiter, takes } = limiterWith();
      expect(await limiter.check('sign_in', { ip: IP, email: untyped(email) })).toEqual({
        ok: true,
      });
      expect(takes.map(subjectOf), JSON.stringify(email).slice(0, 30)).toEqual(['ip']);
    }
    const { limiter, takes } = limiterWith();
    await limiter.check('sign_in', { ip: IP, email: null });
    await limiter.check('sign_in', { ip: IP });
    expect(takes.map(subjectOf)).toEqual(['ip', 'ip']);
  });

  it('skips the address rules without an address, and takes nothing with neither', async () => {
    const { limiter, takes } = limiterWith();
    await limiter.check('sign_in', { ip: '', email: EMAIL });
    await limiter.check('sign_in', { ip: null, email: EMAIL });
    expect(takes.map(subjectOf)).toEqual(['email', 'email']);
    takes.length = 0;
    expect(await limiter.check('sign_in', {})).toEqual({ ok: true });
    expect(takes).toEqual([]);
  });

  it('counts each action in its own buckets', async () => {
    const { limiter, takes } = limiterWith();
    await limiter.check('sign_in', { ip: IP, email: EMAIL });
    await limiter.check('email_verification', { ip: IP, email: EMAIL });
    const signInKeys = takes.filter((t) => t.key.startsWith('sign_in:')).map((t) => t.key);
    const resetKeys = takes
      .filter((t) => t.key.startsWith('email_verification:'))
      .map((t) => t.key);
    expect(resetKeys).toHaveLength(2);
    for (const key of resetKeys)
      expect(signInKeys.map((k) => k.slice(-32))).not.toContain(key.slice(-32));
  });

  it('refuses unusable rules at creation with ConfigError', () => {
    const bad: unknown[] = [
      { sign_in: [rule('ip', 0)] },
      { sign_in: [{ by: 'ip', policy: { capacity: 1.5, refillPerSecond: 1 } }] },
      { sign_in: [{ by: 'ip', policy: { capacity: Number.NaN, refillPerSecond: 1 } }] },
      { sign_in: [{ by: 'ip', policy: { capacity: 5, refillPerSecond: 0 } }] },
      { sign_in: [{ by: 'ip', policy: { capacity: 5, refillPerSecond: -1 } }] },
      {
        sign_in: [{ by: 'ip', policy: { capacity: 5, refillPerSecond: Number.POSITIVE_INFINITY } }],
      },
      { sign_in: [{ by: 'users', policy: { capacity: 5, refillPerSecond: 1 } }] },
      { sign_in: [{ by: 'ip' }] },
      { sign_in: [null] },
      { sign_in: rule('ip', 5) },
      { sign_in: null },
      { sign_inn: [rule('ip', 5)] },
    ];
    for (const rules of bad) {
      expect(
        () =>
          createRateLimiter({
            store: recordingStore().store,
            secret,
            rules: rules as Partial<RateLimitRules>,
          }),
        JSON.stringify(rules),
      ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
    // Replacing an action's list with an empty one is allowed: that action is unlimited.
    expect(() =>
      createRateLimiter({ store: recordingStore().store, secret, rules: { sign_up: [] } }),
    ).not.toThrow();
  });

  it('refuses a missing or short secret at creation, which would make bucket names guessable', () => {
    for (const bad of [
      undefined,
      'a string secret of more than 32 characters',
      new Uint8Array(31),
    ]) {
      expect(() =>
        createRateLimiter({
          store: recordingStore().store,
          secret: bad as Uint8Array<ArrayBuffer>,
        }),
      ).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
    expect(() =>
      createRateLimiter({ store: recordingStore().store, secret: new Uint8Array(32) }),
    ).not.toThrow();
  });

  it('refuses an action it has no rules for instead of letting it through', async () => {
    const { limiter, takes } = limiterWith();
    const check = limiter.check as (action: string, request: object) => Promise<unknown>;
    const error = await check('sign_inn', { ip: IP }).catch((thrown: unknown) => thrown);
    expect(isAuthError(error, 'INPUT_INVALID')).toBe(true);
    expect(takes).toEqual([]);
  });

  it('fails closed: a store failure rejects the check', async () => {
    const limiter = createRateLimiter({
      store: {
        take: async () => {
          throw new StorageError('Storage failure: down');
        },
      },
      secret,
    });
    await expect(limiter.check('sign_in', { ip: IP, email: EMAIL })).rejects.toBeInstanceOf(
      StorageError,
    );
  });
});

/**
 * Limits that a stranger cannot turn against an account's owner: device tokens, IPv6
 * networks counted as one client, and signed-in subjects.
 */
import { describe, expect, it } from 'vitest';
import { untyped } from '../../test/untyped.ts';
import { EMAIL, limiterWith, recordingStore, rule, secret, subjectOf } from './limiter.fixtures.ts';
import { createRateLimiter } from './limiter.ts';
import { defaultRateLimits } from './policies.ts';

const attempts = async (count: number, attempt: (index: number) => Promise<{ ok: boolean }>) => {
  const results: boolean[] = [];
  for (let index = 0; index < count; index++) results.push((await attempt(index)).ok);
  return results;
};

describe('device tokens', () => {
  it('keep the owner signing in after strangers drained the email bucket from many addresses', async () => {
    // The default rules: 50 per email per hour, 10 per address and email per 15 minutes.
    const { limiter } = limiterWith();
    const device = await limiter.issueDeviceToken(EMAIL);
    if (!device) throw new Error('no device token');
    // Five addresses, ten wrong guesses each: every one allowed, the email bucket is empty.
    const stranger = await attempts(50, (i) =>
      limiter.check('sign_in', { ip: `198.51.100.${i % 5}`, email: EMAIL }),
    );
    expect(stranger.every(Boolean)).toBe(true);
    // An address that never tried, without a device token: locked out with the strangers.
    expect(await limiter.check('sign_in', { ip: '192.0.2.7', email: EMAIL })).toMatchObject({
      ok: false,
      by: 'email',
    });
    // The owner's browser, even at one of the strangers' addresses: its own bucket.
    const owner = { ip: '198.51.100.0', email: EMAIL, deviceToken: device.token };
    expect(await limiter.check('sign_in', owner)).toEqual({ ok: true });
    // Spelled differently, the email is the same account: the token still counts.
    expect(await limiter.check('sign_in', { ...owner, email: ' ADA@example.com ' })).toEqual({
      ok: true,
    });
  });

  it('count a known device in its own bucket, which locks out only that device', async () => {
    const { limiter, takes } = limiterWith({
      rules: { sign_in: [rule('device', 2), rule('email', 9), rule('ip', 99)] },
    });
    const first = await limiter.issueDeviceToken(EMAIL);
    const second = await limiter.issueDeviceToken(EMAIL);
    if (!first || !second) throw new Error('no device token');
    expect(first.token).not.toBe(second.token);
    const fromFirst = { ip: '192.0.2.1', email: EMAIL, deviceToken: first.token };
    expect(await attempts(3, () => limiter.check('sign_in', fromFirst))).toEqual([
      true,
      true,
      false,
    ]);
    expect(takes.map(subjectOf)).toEqual(['device', 'ip', 'device', 'ip', 'device']);
    // Another device of the same account is untouched, and so is the email bucket.
    const fromSecond = { ip: '192.0.2.1', email: EMAIL, deviceToken: second.token };
    expect(await limiter.check('sign_in', fromSecond)).toEqual({ ok: true });
    expect(await limiter.check('sign_in', { ip: '192.0.2.1', email: EMAIL })).toEqual({ ok: true });
  });

  it('are refused when forged, tampered with, expired or issued for another account', async () => {
    let now = new Date(Date.UTC(2030, 0, 1));
    const { store, takes } = recordingStore();
    const limiter = createRateLimiter({
      store,
      secret,
      clock: { now: () => now },
      deviceTokenTtlSeconds: 3600,
      rules: { sign_in: [rule('device', 5), rule('email', 5)] },
    });
    const device = await limiter.issueDeviceToken(EMAIL);
    const other = await limiter.issueDeviceToken('eve@example.com');
    const foreign = await createRateLimiter({
      store,
      secret: new Uint8Array(32).fill(1),
    }).issueDeviceToken(EMAIL);
    if (!device || !other || !foreign) throw new Error('no device token');
    const flipped = `${device.token.slice(0, -1)}${device.token.endsWith('0') ? '1' : '0'}`;
    const [, expiry = '', nonce = '', mac = ''] = device.token.split('.');
    const extended = `d1.${(Number.parseInt(expiry, 36) + 3600).toString(36)}.${nonce}.${mac}`;
    const untrusted: unknown[] = [
      other.token,
      foreign.token,
      flipped,
      extended,
      `${device.token}.`,
      device.token.toUpperCase(),
      'd1.zzzzzzzzzz.AAAAAAAAAAAAAAAAAAAAAA.00000000000000000000000000000000',
      'x'.repeat(10_000),
      42,
      { token: device.token },
      null,
    ];
    for (const deviceToken of untrusted) {
      takes.length = 0;
      // Junk a plain-JavaScript caller could pass: counted as no device, never thrown on.
      await limiter.check('sign_in', { email: EMAIL, deviceToken: untyped(deviceToken) });
      expect(takes.map(subjectOf), String(deviceToken).slice(0, 40)).toEqual(['email']);
    }
    takes.length = 0;
    await limiter.check('sign_in', { email: EMAIL, deviceToken: device.token });
    expect(takes.map(subjectOf)).toEqual(['device']);
    now = new Date(device.expiresAt.getTime());
    takes.length = 0;
    await limiter.check('sign_in', { email: EMAIL, deviceToken: device.token });
    expect(takes.map(subjectOf)).toEqual(['email']);
  });

  it('are issued only for an address, and expire after the configured time', async () => {
    const { limiter } = limiterWith({ deviceTokenTtlSeconds: 600 });
    expect(await limiter.issueDeviceToken('not an address')).toBeNull();
    expect(await limiter.issueDeviceToken(untyped(undefined))).toBeNull();
    const device = await limiter.issueDeviceToken(EMAIL);
    expect(device?.expiresAt).toEqual(new Date(Date.UTC(2030, 0, 1, 0, 10)));
    expect(device?.token).toMatch(/^d1\.[0-9a-z]+\.[A-Za-z0-9_-]{22}\.[0-9a-f]{32}$/);
    // The token names no account in clear.
    expect(device?.token).not.toContain('ada');
  });
});

describe('IPv6 clients', () => {
  const sixtyFour = ['2001:db8:1:2::1', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:DB8:1:2:0:0:0:9'];

  it('are counted per /64 by default: every address of one subscriber shares a bucket', async () => {
    const { limiter } = limiterWith({ rules: { sign_up: [rule('ip', 3)] } });
    const results = await attempts(4, (i) => limiter.check('sign_up', { ip: sixtyFour[i % 3] }));
    expect(results).toEqual([true, true, true, false]);
    // The neighbouring /64 is another subscriber.
    expect(await limiter.check('sign_up', { ip: '2001:db8:1:3::1' })).toEqual({ ok: true });
  });

  it('are counted per the configured prefix length', async () => {
    const { limiter, takes } = limiterWith({ ipv6PrefixLength: 48 });
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:ffff::1', '2001:db8:2::1'])
      await limiter.check('sign_up', { ip });
    const keys = takes.map((take) => take.key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    const exact = limiterWith({ ipv6PrefixLength: 128 });
    for (const ip of sixtyFour.slice(0, 2)) await exact.limiter.check('sign_up', { ip });
    expect(new Set(exact.takes.map((take) => take.key)).size).toBe(2);
  });

  it('share the bucket of an IPv4 address they map, and IPv4 stays per address', async () => {
    const { limiter, takes } = limiterWith();
    for (const ip of ['192.0.2.1', '::ffff:192.0.2.1', '::ffff:c000:201', '192.0.2.2'])
      await limiter.check('sign_up', { ip });
    const keys = takes.map((take) => take.key);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('refuse a prefix length that is not 1 to 128', () => {
    for (const ipv6PrefixLength of [0, 129, 64.5, Number.NaN, -64])
      expect(() => limiterWith({ ipv6PrefixLength })).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
  });
});

describe('signed-in subjects', () => {
  const FIVE_THEN_REFUSED = [true, true, true, true, true, false];

  it('count password changes per session first, then per user', async () => {
    const { limiter, takes } = limiterWith();
    const caller = { ip: '192.0.2.1', userId: 'user-1', sessionId: 'session-a' };
    expect(await attempts(6, () => limiter.check('password_change', caller))).toEqual(
      FIVE_THEN_REFUSED,
    );
    expect(takes.map(subjectOf).at(-1)).toBe('session');
    // Another session of the user has its own bucket, up to the user's.
    const other = { ...caller, sessionId: 'session-b' };
    expect(await attempts(6, () => limiter.check('password_change', other))).toEqual(
      FIVE_THEN_REFUSED,
    );
    const third = { ...caller, sessionId: 'session-c' };
    expect(await limiter.check('password_change', third)).toMatchObject({ ok: false, by: 'user' });
    expect(defaultRateLimits.password_change.map((r) => r.by)).toEqual(['session', 'user']);
  });

  it('limit refresh and refresh revocation per address', async () => {
    const { limiter, takes } = limiterWith();
    await limiter.check('refresh', { ip: '192.0.2.1', email: EMAIL });
    await limiter.check('refresh_revoke', { ip: '192.0.2.1' });
    expect(takes.map((take) => take.key.split(':').slice(0, 2).join(':'))).toEqual([
      'refresh:ip',
      'refresh_revoke:ip',
    ]);
  });
});

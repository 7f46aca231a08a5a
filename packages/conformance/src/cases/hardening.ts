import { assert, type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

const hexOf = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * Issue 8's runtime-dependent pieces: device tokens and IPv6 buckets (WebCrypto HMAC),
 * the lazily imported common-password list, the range-API breach checker (WebCrypto
 * SHA-1 and `fetch`) and pruning over the memory adapter.
 */
export function hardeningCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const limiter = () =>
    core.createRateLimiter({
      store: memory.createMemoryRateLimitStore(),
      secret: new Uint8Array(32).fill(5),
      clock: testing.fakeClock(),
    });

  return collect('hardening', (test) => {
    test('a device token keeps its owner out of a drained per-email bucket', async () => {
      const l = limiter();
      const device = await l.issueDeviceToken('ada@example.com');
      assert(device !== null, 'a device token is issued for an address');
      for (let i = 0; i < 50; i++)
        await l.check('sign_in', { ip: `198.51.100.${i % 5}`, email: 'ada@example.com' });
      const stranger = await l.check('sign_in', { ip: '192.0.2.1', email: 'ada@example.com' });
      equal(stranger.ok, false, 'an unknown browser is held back');
      const owner = { ip: '192.0.2.1', email: 'ada@example.com', deviceToken: device.token };
      deepEqual(await l.check('sign_in', owner), { ok: true }, 'the owner’s device');
      const forged = { ...owner, deviceToken: `${device.token.slice(0, -1)}x` };
      equal((await l.check('sign_in', forged)).ok, false, 'a forged token counts for nothing');
    });

    test('IPv6 addresses of one /64 share a bucket', async () => {
      const l = core.createRateLimiter({
        store: memory.createMemoryRateLimitStore(),
        secret: new Uint8Array(32).fill(5),
        rules: { sign_up: [{ by: 'ip', policy: { capacity: 1, refillPerSecond: 0.001 } }] },
      });
      equal((await l.check('sign_up', { ip: '2001:db8:1:2::1' })).ok, true, 'first');
      equal((await l.check('sign_up', { ip: '2001:db8:1:2:ffff::9' })).ok, false, 'same /64');
      equal((await l.check('sign_up', { ip: '2001:db8:1:3::1' })).ok, true, 'next /64');
    });

    test('common passwords are refused at sign-up (the list loads here)', async () => {
      const h = testing.createTestAuth({ repos: memory.createMemoryRepositories() });
      deepEqual(
        await h.auth.signUp({ email: 'c@example.com', password: 'Password123' }),
        { ok: false, reason: 'password_too_common' },
        'common password',
      );
    });

    test('the range-API checker sends 5 hex characters of the SHA-1 and matches the rest', async () => {
      const password = 'a leaked passphrase 1987';
      const sha1 = hexOf(
        await crypto.subtle.digest('SHA-1', new TextEncoder().encode(password)),
      ).toUpperCase();
      const asked: string[] = [];
      const checker = core.createRangeApiBreachChecker({
        endpoint: 'https://range.invalid/range/',
        fetch: async (url) => {
          asked.push(String(url));
          return new Response(`${sha1.slice(5)}:42\r\n${'0'.repeat(35)}:0`);
        },
      });
      equal(await checker.isBreached(password), true, 'breached');
      equal(await checker.isBreached('something else entirely'), false, 'not breached');
      equal(asked[0], `https://range.invalid/range/${sha1.slice(0, 5)}`, 'only the prefix');
    });

    test('prune keeps a rotated refresh token while its family lives', async () => {
      const h = testing.createTestAuth({ repos: memory.createMemoryRepositories() });
      const user = await testing.signedInUser(h);
      const rotated = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
      equal(rotated.ok, true, 'rotation');
      h.clock.advance(3600);
      await h.auth.prune();
      const replay = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
      deepEqual(replay, { ok: false, reason: 'replay_detected' }, 'replay after prune');
    });
  });
}

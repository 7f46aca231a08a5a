import { assert, type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

/**
 * The account flow end to end on the memory adapter: sign-up → email verification →
 * sign-in → refresh rotation → replay detection, with the attack cases of each step.
 */
export function flowCases({ core, testing, memory }: ConformanceTarget): Case[] {
  const harness = () => testing.createTestAuth({ repos: memory.createMemoryRepositories() });
  const email = () => `user-${crypto.randomUUID()}@example.com`;

  return collect('flow', (test) => {
    test('sign-up mails a code; a wrong code fails, the right one verifies once', async () => {
      const h = harness();
      const address = email();
      deepEqual(
        await h.auth.signUp({ email: address, password: testing.TEST_PASSWORD }),
        { ok: true },
        'sign-up',
      );
      const { code } = h.lastMail('email_verification_code', address);
      const wrong = code === '000000' ? '000001' : '000000';
      equal((await h.auth.verifyEmail({ email: address, code: wrong })).ok, false, 'wrong code');
      equal((await h.auth.verifyEmail({ email: address, code })).ok, true, 'right code');
      equal((await h.auth.verifyEmail({ email: address, code })).ok, false, 'code reused');
    });

    test('sign-in: a pending sign-up, a wrong password and an unknown email are refused alike', async () => {
      const h = harness();
      const address = email();
      await h.auth.signUp({ email: address, password: testing.TEST_PASSWORD });
      const pending = await h.auth.signIn({ email: address, password: testing.TEST_PASSWORD });
      const user = await testing.verifiedUser(h);
      const wrong = await h.auth.signIn({ email: user.email, password: 'not the password' });
      const unknown = await h.auth.signIn({ email: email(), password: testing.TEST_PASSWORD });
      deepEqual(wrong, { ok: false, reason: 'invalid_credentials' }, 'wrong password');
      deepEqual(unknown, wrong, 'unknown email answers like a wrong password');
      deepEqual(pending, wrong, 'a pending sign-up answers like a wrong password');
    });

    test('sign-in issues a session that validates until it expires', async () => {
      const h = harness();
      const user = await testing.signedInUser(h);
      const live = await h.auth.validateSession({ sessionToken: user.sessionToken });
      assert(live.ok, 'the new session validates');
      equal(live.session.userId, user.userId, 'session owner');
      const forged = `${user.sessionToken.slice(0, -1)}${user.sessionToken.endsWith('A') ? 'B' : 'A'}`;
      equal((await h.auth.validateSession({ sessionToken: forged })).ok, false, 'tampered token');
      h.clock.advance(400 * 24 * 3600);
      equal(
        (await h.auth.validateSession({ sessionToken: user.sessionToken })).ok,
        false,
        'after expiry',
      );
    });

    test('refresh rotation hands out a successor; the successor rotates too', async () => {
      const h = harness();
      const user = await testing.signedInUser(h);
      h.clock.advance(60);
      const rotated = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
      assert(rotated.ok, 'first rotation succeeds');
      assert(rotated.refreshToken !== user.refreshToken, 'a new token');
      const again = await h.auth.rotateRefreshToken({ refreshToken: rotated.refreshToken });
      equal(again.ok, true, 'successor rotates');
    });

    test('replaying a rotated token revokes the family and ends the session', async () => {
      const h = harness();
      const user = await testing.signedInUser(h);
      h.clock.advance(60);
      const rotated = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
      assert(rotated.ok, 'rotation succeeds');
      const replay = await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
      deepEqual(replay, { ok: false, reason: 'replay_detected' }, 'replay');
      const successor = await h.auth.rotateRefreshToken({ refreshToken: rotated.refreshToken });
      deepEqual(successor, { ok: false, reason: 'revoked' }, 'successor after replay');
      equal(
        (await h.auth.validateSession({ sessionToken: user.sessionToken })).ok,
        false,
        'session ended',
      );
      equal(h.eventCount('refresh.replay_detected'), 1, 'one replay event');
    });

    test('concurrent rotations of one token: exactly one wins', async () => {
      const h = harness();
      const user = await testing.signedInUser(h);
      const results = await Promise.all(
        Array.from({ length: 8 }, () =>
          h.auth.rotateRefreshToken({ refreshToken: user.refreshToken }),
        ),
      );
      equal(results.filter((result) => result.ok).length, 1, 'winners');
    });

    test('a hasher the app passes is the one sign-up and sign-in use', async () => {
      const params = { memoryKiB: 256, iterations: 1, parallelism: 1 };
      const portable = core.createArgon2idHasher({
        params,
        verifyLimits: params,
        pepper: null,
        engine: core.portableArgon2id,
        bcryptVerify: core.portableBcryptVerify,
      });
      let calls = 0;
      const counted = async <T>(work: Promise<T>) => {
        calls += 1;
        return work;
      };
      const hasher = {
        ...portable,
        hash: (password: string) => counted(portable.hash(password)),
        verify: (stored: string, password: string) => counted(portable.verify(stored, password)),
      };
      const h = testing.createTestAuth({ repos: memory.createMemoryRepositories(), hasher });
      const user = await testing.verifiedUser(h);
      equal(calls, 1, 'sign-up hashed through the app hasher');
      equal((await h.auth.signIn(user)).ok, true, 'sign-in');
      equal(calls, 2, 'sign-in verified through it');
    });

    test('malformed and oversized refresh tokens are refused as invalid', async () => {
      const h = harness();
      for (const refreshToken of ['', 'x', 'a'.repeat(1_000_000)]) {
        const result = await h.auth.rotateRefreshToken({ refreshToken });
        deepEqual(result, { ok: false, reason: 'invalid' }, `refresh ${refreshToken.length}`);
      }
    });
  });
}

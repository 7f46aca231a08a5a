import type { AuthenticationResponseJSON } from '@portcullis/core/passkeys';
import { assert, type Case, collect, deepEqual, equal } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';
import { fromBase32, totpHere } from './mfa.ts';

const ORIGIN = 'https://app.example.com';

type Verification = 'required' | 'preferred' | 'discouraged';
type Authenticator = ReturnType<ConformanceTarget['testing']['softAuthenticator']>;

/**
 * Passkey ceremonies on this runtime, answered by the WebCrypto soft authenticator of
 * `@portcullis/core/testing` and verified by `@simplewebauthn/server` as loaded here.
 */
export function passkeyCases({ testing, passkeys, memory }: ConformanceTarget): Case[] {
  const harness = (userVerification: Verification = 'preferred') => {
    const h = testing.createTestAuth({
      repos: memory.createMemoryRepositories(),
      config: {
        passkeys: {
          rpId: 'example.com',
          rpName: 'Conformance',
          origins: [ORIGIN],
          userVerification,
        },
      },
    });
    /** A signed-in user who registered a passkey held by `authenticator`. */
    async function registered(authenticator: Authenticator) {
      const user = await testing.signedInUser(h);
      const { userId } = user;
      const currentSessionId = user.session.id;
      const begun = await h.auth.beginPasskeyRegistration({ userId, currentSessionId });
      assert(begun.ok, 'registration begun');
      const response = await authenticator.create(begun.options, { origin: ORIGIN });
      const finished = await h.auth.finishPasskeyRegistration({
        userId,
        currentSessionId,
        response,
      });
      assert(finished.ok, `registered (${finished.ok ? '' : finished.reason})`);
      return user;
    }
    async function signInOptions() {
      const begun = await h.auth.beginPasskeySignIn();
      assert(begun.ok, 'sign-in begun');
      return begun.options;
    }
    async function secondFactorOptions(userId: string) {
      const options = await passkeys.beginPasskeySecondFactor(h.deps, {
        userId,
        requireUserVerification: false,
      });
      assert(options !== null, 'the user has passkeys');
      return options;
    }
    /** The reason of the last `passkey.failed` audit event. */
    const lastRefusal = () => {
      const event = h.events.filter((e) => e.type === 'passkey.failed').at(-1);
      return event?.type === 'passkey.failed' ? event.reason : null;
    };
    return { h, registered, signInOptions, secondFactorOptions, lastRefusal };
  };
  const finishSignIn = (p: ReturnType<typeof harness>, response: AuthenticationResponseJSON) =>
    p.h.auth.finishPasskeySignIn({ response });

  return collect('passkeys', (test) => {
    test('register, sign in usernameless at aal2 (user verified), then pass as a second factor', async () => {
      const p = harness();
      const authenticator = testing.softAuthenticator();
      const { userId } = await p.registered(authenticator);
      const options = await p.signInOptions();
      equal((options.allowCredentials ?? []).length, 0, 'usernameless: no allowCredentials');
      const signedIn = await finishSignIn(p, await authenticator.get(options, { origin: ORIGIN }));
      assert(signedIn.ok && signedIn.status === 'signed_in', 'signed in');
      equal(signedIn.user.id, userId, 'user');
      equal(signedIn.session.aal, 'aal2', 'aal');
      const session = await p.h.auth.validateSession({ sessionToken: signedIn.sessionToken });
      equal(session.ok && session.session.aal, 'aal2', 'the session token validates');

      const factor = await p.secondFactorOptions(userId);
      const [held] = authenticator.credentials();
      equal(factor.allowCredentials?.[0]?.id, held?.credentialId, 'allowCredentials');
      const response = await authenticator.get(factor, { origin: ORIGIN });
      const passed = await passkeys.verifyPasskeySecondFactor(p.h.deps, {
        userId,
        response,
        requireUserVerification: true,
      });
      equal(passed, 'passed', 'second factor');
      equal(authenticator.credentials()[0]?.signCount, 2, 'the counter moved twice');
    });

    test('without user verification the sign-in is aal1; refused when verification is required', async () => {
      const p = harness();
      const authenticator = testing.softAuthenticator({ userVerification: false });
      await p.registered(authenticator);
      const response = await authenticator.get(await p.signInOptions(), { origin: ORIGIN });
      const signedIn = await finishSignIn(p, response);
      assert(signedIn.ok && signedIn.status === 'signed_in', 'signed in');
      equal(signedIn.session.aal, 'aal1', 'aal');

      const strict = harness('required');
      const verifying = testing.softAuthenticator();
      await strict.registered(verifying);
      const unverified = await verifying.get(await strict.signInOptions(), {
        origin: ORIGIN,
        userVerification: false,
      });
      const refused = await finishSignIn(strict, unverified);
      equal(refused.ok ? 'signed_in' : refused.reason, 'invalid_passkey', 'UV required');
      equal(strict.lastRefusal(), 'verification_failed', 'audited');
    });

    test('a signature counter that does not increase is refused (a cloned authenticator)', async () => {
      const p = harness();
      const authenticator = testing.softAuthenticator();
      await p.registered(authenticator);
      const clone = authenticator.clone();
      const first = await authenticator.get(await p.signInOptions(), { origin: ORIGIN });
      equal((await finishSignIn(p, first)).ok, true, 'the original signs in');
      const copied = await clone.get(await p.signInOptions(), { origin: ORIGIN });
      const refused = await finishSignIn(p, copied);
      equal(refused.ok ? 'signed_in' : refused.reason, 'invalid_passkey', 'the clone');
      equal(p.lastRefusal(), 'counter_regression', 'audited');
      const lower = await authenticator.get(await p.signInOptions(), {
        origin: ORIGIN,
        signCount: 1,
      });
      equal((await finishSignIn(p, lower)).ok, false, 'an equal counter');
      equal(p.lastRefusal(), 'counter_regression', 'audited again');
    });

    test('another user’s credential is refused as a second factor', async () => {
      const p = harness();
      const alice = testing.softAuthenticator();
      const { userId: aliceId } = await p.registered(alice);
      const mallory = testing.softAuthenticator();
      await p.registered(mallory);
      const options = await p.secondFactorOptions(aliceId);
      const [own] = mallory.credentials();
      // A browser offers none of Mallory's keys for Alice's options; a hostile client does.
      const response = await mallory.get(options, {
        origin: ORIGIN,
        credentialId: own?.credentialId ?? '',
      });
      const passed = await passkeys.verifyPasskeySecondFactor(p.h.deps, {
        userId: aliceId,
        response,
        requireUserVerification: false,
      });
      equal(passed, 'invalid', 'another user’s credential');
      equal(p.lastRefusal(), 'wrong_user', 'audited');
    });

    test('a challenge is answered once: a second signature over it is refused', async () => {
      const p = harness();
      const authenticator = testing.softAuthenticator();
      await p.registered(authenticator);
      const options = await p.signInOptions();
      const first = await authenticator.get(options, { origin: ORIGIN });
      equal((await finishSignIn(p, first)).ok, true, 'first answer');
      const second = await authenticator.get(options, { origin: ORIGIN });
      const refused = await finishSignIn(p, second);
      equal(refused.ok ? 'signed_in' : refused.reason, 'invalid_passkey', 'reused challenge');
      equal(p.lastRefusal(), 'invalid_challenge', 'audited');
    });

    test('an expired challenge is refused', async () => {
      const p = harness();
      const authenticator = testing.softAuthenticator();
      await p.registered(authenticator);
      const ttl = p.h.deps.config.passkeys.challengeTtl;
      const inTime = await p.signInOptions();
      p.h.clock.advance(ttl - 1);
      const answered = await finishSignIn(p, await authenticator.get(inTime, { origin: ORIGIN }));
      equal(answered.ok, true, 'within the TTL');
      const late = await p.signInOptions();
      p.h.clock.advance(ttl + 1);
      const refused = await finishSignIn(p, await authenticator.get(late, { origin: ORIGIN }));
      equal(refused.ok ? 'signed_in' : refused.reason, 'invalid_passkey', 'expired');
      equal(p.lastRefusal(), 'invalid_challenge', 'audited');
    });

    test('two-factor sign-in completes with a passkey at aal2; a replay and another user’s passkey are refused', async () => {
      const p = harness();
      const { h } = p;
      const authenticator = testing.softAuthenticator();
      const alice = await p.registered(authenticator);
      const currentSessionId = alice.session.id;
      const enrolled = await h.auth.enrolTotp({ userId: alice.userId, currentSessionId });
      assert(enrolled.ok, 'TOTP enrolled');
      const code = await totpHere(fromBase32(enrolled.secret), h.clock.now());
      const confirmed = await h.auth.confirmTotp({ userId: alice.userId, code, currentSessionId });
      assert(confirmed.ok, 'TOTP confirmed');
      /** The password step, then passkey options for its MFA challenge. */
      const passwordStep = async () => {
        const signIn = await h.auth.signIn(alice);
        assert(signIn.ok && signIn.status === 'mfa_required', 'mfa_required');
        const begun = await h.auth.beginPasskeyMfaSignIn({ challengeToken: signIn.challengeToken });
        assert(begun.ok, 'passkey options for the MFA challenge');
        return { ...signIn, options: begun.options };
      };
      const complete = (challengeToken: string, response: AuthenticationResponseJSON) =>
        h.auth.completeMfaSignIn({ challengeToken, proof: { method: 'webauthn', response } });

      const first = await passwordStep();
      deepEqual(first.factors, ['totp', 'webauthn', 'backup_code'], 'factors offered');
      const response = await authenticator.get(first.options, { origin: ORIGIN });
      const completed = await complete(first.challengeToken, response);
      assert(completed.ok, 'completed with the passkey');
      equal(completed.session.aal, 'aal2', 'aal');

      const replayed = await complete((await passwordStep()).challengeToken, response);
      equal(replayed.ok ? 'signed_in' : replayed.reason, 'invalid_code', 'replayed assertion');

      const mallory = testing.softAuthenticator();
      await p.registered(mallory);
      const third = await passwordStep();
      const [malloryKey] = mallory.credentials();
      const forged = await mallory.get(third.options, {
        origin: ORIGIN,
        credentialId: malloryKey?.credentialId ?? '',
      });
      const refused = await complete(third.challengeToken, forged);
      equal(refused.ok ? 'signed_in' : refused.reason, 'invalid_code', 'another user’s passkey');
      equal(p.lastRefusal(), 'wrong_user', 'audited');
    });

    test('a passkey without user verification is one factor: an MFA user owes TOTP, and it cannot step up', async () => {
      const p = harness();
      const { h } = p;
      const key = testing.softAuthenticator({ userVerification: false });
      const alice = await p.registered(key);
      const currentSessionId = alice.session.id;
      const enrolled = await h.auth.enrolTotp({ userId: alice.userId, currentSessionId });
      assert(enrolled.ok, 'TOTP enrolled');
      const secret = fromBase32(enrolled.secret);
      const code = await totpHere(secret, h.clock.now());
      const confirmed = await h.auth.confirmTotp({ userId: alice.userId, code, currentSessionId });
      assert(confirmed.ok, 'TOTP confirmed');

      const signIn = await finishSignIn(
        p,
        await key.get(await p.signInOptions(), { origin: ORIGIN }),
      );
      assert(signIn.ok && signIn.status === 'mfa_required', 'mfa_required, no session');
      deepEqual(signIn.factors, ['totp', 'backup_code'], 'no webauthn for the second factor');
      const options = await h.auth.beginPasskeyMfaSignIn({ challengeToken: signIn.challengeToken });
      equal(
        options.ok ? 'options' : options.reason,
        'passkey_was_first_factor',
        'no passkey options',
      );

      const stepUp = await p.secondFactorOptions(alice.userId);
      const unverified = await key.get(stepUp, { origin: ORIGIN });
      const verdict = await passkeys.verifyPasskeySecondFactor(h.deps, {
        userId: alice.userId,
        response: unverified,
        requireUserVerification: true,
      });
      equal(verdict, 'user_not_verified', 'possession alone does not step up');

      h.clock.advance(30);
      const later = await totpHere(secret, h.clock.now());
      const completed = await h.auth.completeMfaSignIn({
        challengeToken: signIn.challengeToken,
        proof: { method: 'totp', code: later },
      });
      assert(completed.ok, 'completed with TOTP');
      equal(completed.session.aal, 'aal2', 'aal');
    });
  });
}

import { ConfigError, createAuthConfig, InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { testAuth, testConfig, verifiedUser } from './harness.ts';
import { untyped } from './untyped.ts';

const allOff = {
  signUp: false,
  passwordReset: false,
  magicLinks: false,
  signInCodes: false,
  oauth: false,
  passkeys: false,
};

describe('flows (capability flags)', () => {
  it('every flow is on by default (passkeys once a relying party is configured)', () => {
    const h = testAuth({
      configOverrides: {
        passkeys: { rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] },
      },
    });
    for (const flow of Object.keys(allOff) as (keyof typeof allOff)[]) {
      expect(h.auth.isFlowEnabled({ flow })).toBe(true);
    }
    // Without `config.passkeys` the ceremonies cannot run: the flow is not offered.
    expect(testAuth().auth.isFlowEnabled({ flow: 'passkeys' })).toBe(false);
    expect(() => h.auth.isFlowEnabled({ flow: untyped('teleport') })).toThrow(InputError);
  });

  it('refuses unknown flows and non-booleans at configuration time', () => {
    expect(() => createAuthConfig({ ...testConfig, flows: untyped({ teleport: false }) })).toThrow(
      ConfigError,
    );
    expect(() => createAuthConfig({ ...testConfig, flows: untyped({ signUp: 'no' }) })).toThrow(
      ConfigError,
    );
  });

  it('a disabled flow answers disabled before reading its input or writing anything', async () => {
    const base = testAuth({ configOverrides: { passwordless: { linkUrl: 'https://app.test/l' } } });
    const user = await verifiedUser(base);
    const h = testAuth({
      repos: base.repos,
      configOverrides: { flows: allOff, passwordless: { linkUrl: 'https://app.test/l' } },
    });
    const disabled = { ok: false, reason: 'disabled' };
    // Garbage input too: a switched-off flow does not even validate.
    expect(await h.auth.signUp(untyped({ email: 42, password: null }))).toEqual(disabled);
    expect(
      await h.auth.signUp({ email: 'new@example.com', password: 'correct horse battery staple' }),
    ).toEqual(disabled);
    expect(await h.auth.requestPasswordReset({ email: user.email })).toEqual(disabled);
    expect(await h.auth.resetPassword({ token: 'x', newPassword: 'whatever whatever' })).toEqual(
      disabled,
    );
    expect(await h.auth.requestMagicLink({ email: user.email })).toEqual(disabled);
    expect(await h.auth.consumeMagicLink({ token: 'x' })).toEqual(disabled);
    expect(await h.auth.requestSignInCode({ email: user.email })).toEqual(disabled);
    expect(await h.auth.signInWithCode({ email: user.email, code: '123456' })).toEqual(disabled);
    // OAuth answers disabled even before finding out that no provider is configured.
    expect(await h.auth.startAuthorization(untyped({ provider: 7 }))).toEqual(disabled);
    expect(await h.auth.startLinking({ provider: 'github', userId: user.userId })).toEqual(
      disabled,
    );
    expect(await h.auth.handleCallback(untyped({ sealedState: 1 }))).toEqual(disabled);
    expect(await h.auth.completeLinking(untyped({ userId: user.userId }))).toEqual(disabled);
    expect(h.mailbox).toEqual([]);
    expect(h.events).toEqual([]);
    expect(await h.repos.users.findByEmailKey('new@example.com')).toBeNull();
    // Sign-in with a password is not a switchable flow: it still works.
    const signedIn = await h.auth.signIn({ email: user.email, password: user.password });
    expect(signedIn.ok).toBe(true);
  });

  it('turning one flow off leaves the others alone', async () => {
    const h = testAuth({ configOverrides: { flows: { signUp: false } } });
    expect(h.auth.isFlowEnabled({ flow: 'signUp' })).toBe(false);
    expect(h.auth.isFlowEnabled({ flow: 'passwordReset' })).toBe(true);
    expect(await h.auth.requestPasswordReset({ email: 'nobody@example.com' })).toEqual({
      ok: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createAuthConfig } from '../config.ts';
import { testConfig } from '../testing/index.ts';
import { passkeySettings } from './settings.ts';

const rp = { rpId: 'example.com', rpName: 'Example', origins: ['https://example.com'] };

describe('config.passkeys', () => {
  it('is null when absent, and the passkey functions then refuse to run', () => {
    const config = createAuthConfig(testConfig);
    expect(config.passkeys.relyingParty).toBeNull();
    expect(() => passkeySettings(config)).toThrow(/not configured/);
  });

  it('resolves defaults: preferred user verification, a 5-minute challenge', () => {
    const config = createAuthConfig({ ...testConfig, passkeys: rp });
    expect(passkeySettings(config)).toEqual({
      ...rp,
      userVerification: 'preferred',
      challengeTtl: 300,
    });
  });

  it.each([
    [{ rpId: 'https://example.com' }, /rpId/],
    [{ rpId: 'Example.com' }, /rpId/],
    [{ rpName: ' ' }, /rpName/],
    [{ origins: [] }, /origins/],
    [{ origins: ['http://example.com'] }, /https/],
    [{ origins: ['https://example.com/'] }, /bare origin/],
    [{ origins: ['https://evil-example.com'] }, /not on rpId/],
    [{ origins: ['https://example.com.evil.test'] }, /not on rpId/],
    [{ challengeTtl: 10 }, /challengeTtl/],
    [{ userVerification: 'sometimes' as 'required' }, /userVerification/],
  ])('refuses %j', (override, message) => {
    expect(() => createAuthConfig({ ...testConfig, passkeys: { ...rp, ...override } })).toThrow(
      message,
    );
  });

  it('accepts subdomain origins, and http only on localhost', () => {
    expect(
      createAuthConfig({
        ...testConfig,
        passkeys: { ...rp, origins: ['https://example.com', 'https://app.example.com'] },
      }).passkeys.relyingParty?.origins,
    ).toHaveLength(2);
    expect(
      createAuthConfig({
        ...testConfig,
        passkeys: { rpId: 'localhost', rpName: 'Dev', origins: ['http://localhost:3000'] },
      }).passkeys.relyingParty?.rpId,
    ).toBe('localhost');
  });
});

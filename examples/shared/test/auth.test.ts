import { describe, expect, it } from 'vitest';
import { createExampleAuth } from '../src/auth.ts';

const SECRET = 'an-example-secret-that-is-32-bytes-long';

// Each call opens its own store and hashes with production argon2 parameters: allow time.
describe('createExampleAuth', { timeout: 30_000 }, () => {
  it('wires core to the dev mailbox and the HTTP options', async () => {
    const example = await createExampleAuth({ AUTH_SECRET: SECRET, PORT: '3100' });
    try {
      expect(example.httpOptions).toEqual({
        allowedOrigins: ['http://localhost:3100', 'http://127.0.0.1:3100'],
        trustedProxies: [],
        cookie: { secure: false },
      });
      expect(example.storeKind).not.toBe('');
      await example.auth.signUp({ email: 'new@example.test', password: 'a long password' });
      const [mail] = example.mailbox.list();
      expect(mail).toMatchObject({ to: 'new@example.test', type: 'email_verification_code' });
      expect(mail?.code).toMatch(/^\d{6}$/);
    } finally {
      await example.close();
    }
  });

  it('signs access tokens with a key derived from AUTH_SECRET: another secret cannot verify them', async () => {
    const one = await createExampleAuth({ AUTH_SECRET: SECRET });
    const same = await createExampleAuth({ AUTH_SECRET: SECRET });
    const other = await createExampleAuth({ AUTH_SECRET: `${SECRET}-other` });
    const issued = await one.auth.issueAccessToken({ userId: 'u1', sessionId: 's1', aal: 'aal1' });
    expect((await same.auth.verifyAccessToken(issued.token)).ok).toBe(true);
    expect(await other.auth.verifyAccessToken(issued.token)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    // The access-token key is not the raw secret (nor the code-MAC key derived beside it).
    expect(one.auth.config.secret).not.toEqual(new TextEncoder().encode(SECRET));
    const key = one.auth.config.accessToken.keys[0];
    expect(key?.alg === 'HS256' ? key.secret : null).not.toEqual(one.auth.config.secret);
    await Promise.all([one.close(), same.close(), other.close()]);
  });

  it('warns when it generates a development secret, and refuses production without one', async () => {
    const warnings: string[] = [];
    const example = await createExampleAuth({}, { warn: (message) => warnings.push(message) });
    expect(warnings.join('\n')).toMatch(/AUTH_SECRET is not set/);
    await example.close();
    await expect(createExampleAuth({ NODE_ENV: 'production' })).rejects.toThrow(/AUTH_SECRET/);
  });

  it('says so when REDIS_URL is set, since nothing uses it yet', async () => {
    const warnings: string[] = [];
    const example = await createExampleAuth(
      { REDIS_URL: 'redis://127.0.0.1:6379' },
      { warn: (message) => warnings.push(message) },
    );
    expect(warnings.join('\n')).toMatch(/REDIS_URL is set but not used/);
    await example.close();
  });
});

/**
 * TOTP, backup codes and the MFA step of sign-in over HTTP: enrolment with a QR code,
 * the challenge that grants nothing, replay, brute force, reuse, another user's challenge,
 * step-up and a secret that fails to decrypt.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { StartExample } from '../http-suite.ts';
import { ApiClient, errorCode, record, text } from './client.ts';
import {
  COOKIE_NAME,
  freshPassword,
  sessionCookie,
  signInWithCookie,
  verifiedUser,
} from './flows.ts';
import { challengeFor, completeSignIn, mfaUser, totpCode } from './mfa-flows.ts';

export function describeMfa(api: () => ApiClient): void {
  describe('MFA', () => {
    it('enrols TOTP with a QR code, confirms it, then sign-in needs the second factor (aal2)', async () => {
      const { email, password } = await verifiedUser(api());
      const browser = await signInWithCookie(api(), email, password);
      const enrolled = await api().post('/auth/mfa/totp', {}, { cookie: browser.cookie });
      expect(enrolled.status).toBe(200);
      const secret = text(enrolled.body, 'secret');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(text(enrolled.body, 'uri')).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      expect(text(enrolled.body, 'qrCodeSvg')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
      expect((await api().get('/auth/mfa', { cookie: browser.cookie })).body).toEqual({
        totp: 'pending',
        backupCodesRemaining: 0,
      });
      // Pending: the password alone still signs in.
      expect(record((await api().post('/auth/sign-in', { email, password })).body).status).toBe(
        'signed_in',
      );

      const wrong = await api().post(
        '/auth/mfa/totp/confirm',
        { code: totpCode(secret, 10) },
        { cookie: browser.cookie },
      );
      expect(wrong.status).toBe(400);
      expect(errorCode(wrong)).toBe('invalid_code');
      const confirmed = await api().post(
        '/auth/mfa/totp/confirm',
        { code: totpCode(secret) },
        { cookie: browser.cookie },
      );
      expect(confirmed.status).toBe(200);
      expect(record(confirmed.body).backupCodes).toHaveLength(10);
      expect((await api().get('/auth/mfa', { cookie: browser.cookie })).body).toEqual({
        totp: 'enabled',
        backupCodesRemaining: 10,
      });

      const signIn = await api().post('/auth/sign-in', { email, password });
      expect(signIn.status).toBe(200);
      expect(record(signIn.body).factors).toEqual(['totp', 'backup_code']);
      const completed = await completeSignIn(
        api(),
        text(signIn.body, 'challengeToken'),
        'totp',
        totpCode(secret, 1),
      );
      expect(completed.status).toBe(200);
      expect(text(completed.body, 'session', 'aal')).toBe('aal2');
      const cookie = sessionCookie(completed).pair;
      expect((await api().get('/auth/me', { cookie })).status).toBe(200);
    });

    it('a pending challenge grants access to nothing: no cookie, and it is no session or token', async () => {
      const user = await mfaUser(api());
      const challengeToken = await challengeFor(api(), user);
      const asCookie = { cookie: `${COOKIE_NAME}=${challengeToken}` };
      const asBearer = { bearer: challengeToken };
      for (const as of [asCookie, asBearer]) {
        expect((await api().get('/auth/me', as)).status).toBe(401);
        expect((await api().get('/auth/sessions', as)).status).toBe(401);
        expect((await api().get('/auth/mfa', as)).status).toBe(401);
        expect((await api().get('/api/profile', as)).status).toBe(401);
        expect(
          (await api().post('/auth/mfa/disable', { method: 'totp', code: '000000' }, as)).status,
        ).toBe(401);
      }
      const refresh = await api().post('/auth/refresh', { refreshToken: challengeToken });
      expect(refresh.status).toBe(401);
      // And it still completes afterwards: nothing above touched it.
      const completed = await completeSignIn(
        api(),
        challengeToken,
        'backup_code',
        user.backupCodes[0] ?? '',
      );
      expect(completed.status).toBe(200);
    });

    it('refuses a TOTP code replayed within its step, and a reused challenge', async () => {
      const user = await mfaUser(api());
      const code = totpCode(user.secret, 1);
      const first = await challengeFor(api(), user);
      expect((await completeSignIn(api(), first, 'totp', code)).status).toBe(200);

      const reused = await completeSignIn(api(), first, 'backup_code', user.backupCodes[0] ?? '');
      expect(reused.status).toBe(401);
      expect(errorCode(reused)).toBe('invalid_challenge');

      const second = await challengeFor(api(), user);
      const replayed = await completeSignIn(api(), second, 'totp', code);
      expect(replayed.status).toBe(400);
      expect(errorCode(replayed)).toBe('invalid_code');
    });

    it("refuses another user's code on a challenge: it is bound to its user", async () => {
      const ada = await mfaUser(api());
      const bob = await mfaUser(api());
      const challenge = await challengeFor(api(), ada);
      const crossed = await completeSignIn(
        api(),
        challenge,
        'backup_code',
        bob.backupCodes[0] ?? '',
      );
      expect(crossed.status).toBe(400);
      expect(errorCode(crossed)).toBe('invalid_code');
      const bobs = await challengeFor(api(), bob);
      expect(
        (await completeSignIn(api(), bobs, 'backup_code', bob.backupCodes[0] ?? '')).status,
      ).toBe(200);
    });

    it('stops brute force: 5 codes per challenge, then the per-user limit holds even a right code', async () => {
      const user = await mfaUser(api());
      const wrong = totpCode(user.secret, 20);
      const challenge = await challengeFor(api(), user);
      for (let i = 0; i < 5; i++) {
        expect(errorCode(await completeSignIn(api(), challenge, 'totp', wrong))).toBe(
          'invalid_code',
        );
      }
      expect(errorCode(await completeSignIn(api(), challenge, 'totp', wrong))).toBe(
        'invalid_challenge',
      );
      const next = await challengeFor(api(), user);
      for (let i = 0; i < 5; i++) {
        expect(errorCode(await completeSignIn(api(), next, 'totp', wrong))).toBe('invalid_code');
      }
      const locked = await challengeFor(api(), user);
      const right = await completeSignIn(api(), locked, 'backup_code', user.backupCodes[0] ?? '');
      expect(right.status).toBe(429);
      expect(errorCode(right)).toBe('too_many_attempts');
    });

    it('accepts a backup code once, and once only under concurrent use', async () => {
      const user = await mfaUser(api());
      const code = user.backupCodes[0] ?? '';
      const challenge = await challengeFor(api(), user);
      const raced = await Promise.all(
        Array.from({ length: 8 }, () => completeSignIn(api(), challenge, 'backup_code', code)),
      );
      expect(raced.filter((response) => response.status === 200)).toHaveLength(1);

      const again = await challengeFor(api(), user);
      const reused = await completeSignIn(api(), again, 'backup_code', code);
      expect(reused.status).toBe(400);
      expect(errorCode(reused)).toBe('invalid_code');
      const status = await api().get('/auth/mfa', { cookie: user.cookie });
      expect(record(status.body).backupCodesRemaining).toBe(9);
    });

    it('turning MFA off needs a fresh second factor on a recent aal2 session, and ends other sessions', async () => {
      const user = await mfaUser(api());
      // The enrolling session predates the factor (aal1): step up first.
      const stale = await api().post(
        '/auth/mfa/disable',
        { method: 'backup_code', code: user.backupCodes[0] ?? '' },
        { cookie: user.cookie },
      );
      expect(stale.status).toBe(403);
      expect(errorCode(stale)).toBe('step_up_required');

      const signedIn = await completeSignIn(
        api(),
        await challengeFor(api(), user),
        'backup_code',
        user.backupCodes[1] ?? '',
      );
      const cookie = sessionCookie(signedIn).pair;
      const missing = await api().post('/auth/mfa/disable', {}, { cookie });
      expect(missing.status).toBe(400);
      expect(errorCode(missing)).toBe('invalid_input');
      const used = await api().post(
        '/auth/mfa/disable',
        { method: 'backup_code', code: user.backupCodes[1] ?? '' },
        { cookie },
      );
      expect(errorCode(used)).toBe('invalid_code');
      expect(record((await api().get('/auth/mfa', { cookie })).body).totp).toBe('enabled');

      const disabled = await api().post(
        '/auth/mfa/disable',
        { method: 'backup_code', code: user.backupCodes[2] ?? '' },
        { cookie },
      );
      expect(disabled.status).toBe(200);
      expect((await api().get('/auth/me', { cookie: user.cookie })).status).toBe(401);
      expect((await api().get('/auth/mfa', { cookie })).body).toEqual({
        totp: 'none',
        backupCodesRemaining: 0,
      });
      const plain = await api().post('/auth/sign-in', {
        email: user.email,
        password: user.password,
      });
      expect(record(plain.body).status).toBe('signed_in');
    });

    it('password change asks a user with MFA to step up; an aal2 sign-in passes', async () => {
      const user = await mfaUser(api());
      const change = (cookie: string) =>
        api().request('POST', '/auth/password/change', {
          json: { currentPassword: user.password, newPassword: freshPassword() },
          as: { cookie },
        });
      const stale = await change(user.cookie);
      expect(stale.status).toBe(403);
      expect(errorCode(stale)).toBe('step_up_required');
      const completed = await completeSignIn(
        api(),
        await challengeFor(api(), user),
        'totp',
        totpCode(user.secret, 1),
      );
      expect((await change(sessionCookie(completed).pair)).status).toBe(200);
    });

    it('steps up in place: a fresh code swaps the session for an aal2 one', async () => {
      const user = await mfaUser(api());
      const change = (cookie: string) =>
        api().request('POST', '/auth/password/change', {
          json: { currentPassword: user.password, newPassword: freshPassword() },
          as: { cookie },
        });
      expect(errorCode(await change(user.cookie))).toBe('step_up_required');
      const wrong = await api().post(
        '/auth/mfa/step-up',
        { method: 'totp', code: totpCode(user.secret, 20) },
        { cookie: user.cookie },
      );
      expect(errorCode(wrong)).toBe('invalid_code');
      const stepped = await api().post(
        '/auth/mfa/step-up',
        { method: 'backup_code', code: user.backupCodes[0] ?? '' },
        { cookie: user.cookie },
      );
      expect(stepped.status).toBe(200);
      expect(text(stepped.body, 'session', 'aal')).toBe('aal2');
      expect((await api().get('/auth/me', { cookie: user.cookie })).status).toBe(401);
      expect((await change(sessionCookie(stepped).pair)).status).toBe(200);
    });

    it('regenerates backup codes with a fresh factor: the old set stops working', async () => {
      const user = await mfaUser(api());
      const completed = await completeSignIn(
        api(),
        await challengeFor(api(), user),
        'backup_code',
        user.backupCodes[0] ?? '',
      );
      const cookie = sessionCookie(completed).pair;
      const regenerated = await api().post(
        '/auth/mfa/backup-codes',
        { method: 'backup_code', code: user.backupCodes[1] ?? '' },
        { cookie },
      );
      expect(regenerated.status).toBe(200);
      const fresh = record(regenerated.body).backupCodes as string[];
      expect(fresh).toHaveLength(10);
      const old = await completeSignIn(
        api(),
        await challengeFor(api(), user),
        'backup_code',
        user.backupCodes[2] ?? '',
      );
      expect(errorCode(old)).toBe('invalid_code');
      const next = await completeSignIn(
        api(),
        await challengeFor(api(), user),
        'backup_code',
        fresh[0] ?? '',
        'bearer',
      );
      expect(next.status).toBe(200);
      expect(text(next.body, 'accessToken')).toBeTruthy();
    });
  });
}

/**
 * A TOTP secret that no longer decrypts (AUTH_SECRET changed without keeping the old secret
 * box key) fails closed: 500, and neither a cookie nor a token. Two servers share one
 * PostgreSQL schema with different secrets.
 */
export function describeMfaDecryptFailure(
  start: StartExample,
  baseEnv: Record<string, string | undefined>,
) {
  describe('MFA with an unreadable TOTP secret', () => {
    it('fails closed with a 500 and no session', async () => {
      const databaseUrl = baseEnv.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const env = {
        ...baseEnv,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: `example_mfa_${randomBytes(6).toString('hex')}`,
        RATE_LIMITS: 'off',
      };
      const first = await start({
        port: 0,
        env: { ...env, AUTH_SECRET: randomBytes(32).toString('base64url') },
      });
      let user: Awaited<ReturnType<typeof mfaUser>>;
      try {
        user = await mfaUser(new ApiClient(first.url));
      } finally {
        await first.close();
      }
      const second = await start({
        port: 0,
        env: { ...env, AUTH_SECRET: randomBytes(32).toString('base64url') },
      });
      try {
        const api = new ApiClient(second.url);
        const challenge = await challengeFor(api, user);
        const refused = await completeSignIn(api, challenge, 'totp', totpCode(user.secret, 1));
        expect(refused.status).toBe(500);
        expect(errorCode(refused)).toBe('internal_error');
        expect(refused.setCookies).toEqual([]);
        const again = await completeSignIn(
          api,
          challenge,
          'totp',
          totpCode(user.secret, 1),
          'bearer',
        );
        expect(again.status).toBe(500);
        expect(record(again.body).accessToken).toBeUndefined();
      } finally {
        await second.close();
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${env.DATABASE_SCHEMA}" CASCADE`);
        await client.end();
      }
    });
  });
}

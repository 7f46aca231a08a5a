/**
 * The admin API for an operator with a second factor: reads are recorded with the
 * operator as `actorId`, and the destructive routes (ban, soft-delete, erase, revoke
 * sessions) need a recent aal2 session, which a stolen aal1 operator cookie is not.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from './client.ts';
import { errorCode, record, text } from './client.ts';
import {
  freshPassword,
  latestMail,
  sessionCookie,
  signInWithCookie,
  signUp,
  verifiedUser,
} from './flows.ts';
import { challengeFor, completeSignIn, totpCode } from './mfa-flows.ts';

interface Operator {
  readonly email: string;
  readonly password: string;
  readonly userId: string;
  /** The session TOTP was enrolled in: aal1. Only the step-up case uses it (it ends it). */
  readonly enrolmentCookie: string;
  readonly backupCodes: readonly string[];
}

/** The operator, signed up and enrolled in TOTP once per suite run. */
function mfaOperator(api: () => ApiClient, email: string) {
  let operator: Promise<Operator> | undefined;
  return () => {
    operator ??= (async () => {
      const password = freshPassword();
      await signUp(api(), email, password);
      const { code } = await latestMail(api(), email, 'email_verification_code');
      expect((await api().post('/auth/verify-email', { email, code })).status).toBe(200);
      const { cookie, userId } = await signInWithCookie(api(), email, password);
      const enrolled = await api().post('/auth/mfa/totp', {}, { cookie });
      const secret = text(enrolled.body, 'secret');
      const confirmed = await api().post(
        '/auth/mfa/totp/confirm',
        { code: totpCode(secret) },
        { cookie },
      );
      expect(confirmed.status).toBe(200);
      const backupCodes = record(confirmed.body).backupCodes as string[];
      return { email, password, userId, enrolmentCookie: cookie, backupCodes };
    })();
    return operator;
  };
}

/** A fresh aal2 session of the operator, signed in with backup code `index`. */
async function signedInWithFactor(api: ApiClient, operator: Operator, index: number) {
  const challengeToken = await challengeFor(api, operator);
  const completed = await completeSignIn(
    api,
    challengeToken,
    'backup_code',
    operator.backupCodes[index] ?? '',
  );
  expect(completed.status).toBe(200);
  return sessionCookie(completed).pair;
}

export function describeAdminStepUp(api: () => ApiClient, operatorEmail: string): void {
  const operator = mfaOperator(api, operatorEmail);

  describe('admin API: an operator with a second factor', () => {
    it('records each view of a user with the operator as actorId', async () => {
      const signedIn = await operator();
      const cookie = await signedInWithFactor(api(), signedIn, 1);
      const operatorId = signedIn.userId;
      const user = await verifiedUser(api());
      const { userId } = await signInWithCookie(api(), user.email, user.password);
      expect((await api().get(`/auth/admin/users/${userId}`, { cookie })).status).toBe(200);
      const again = await api().get(`/auth/admin/users/${userId}`, { cookie });
      const events = record(again.body).recentEvents as Record<string, unknown>[];
      expect(events.filter((event) => event.type === 'admin.user_viewed')).toEqual([
        expect.objectContaining({ userId, actorId: operatorId }),
      ]);
    });

    it('ban, soft-delete, erase and revoke-sessions need a step-up; reads do not', async () => {
      const { enrolmentCookie: cookie, backupCodes } = await operator();
      const user = await verifiedUser(api());
      const target = await signInWithCookie(api(), user.email, user.password);
      const path = `/auth/admin/users/${target.userId}`;
      for (const [method, route] of [
        ['POST', `${path}/ban`],
        ['POST', `${path}/soft-delete`],
        ['POST', `${path}/revoke-sessions`],
        ['DELETE', path],
      ] as const) {
        const refused = await api().request(method, route, { as: { cookie } });
        expect([route, refused.status, errorCode(refused)]).toEqual([
          route,
          403,
          'step_up_required',
        ]);
      }
      // Nothing happened to the user, and the operator may still look.
      const view = await api().get(path, { cookie });
      expect(record(view.body).user).toMatchObject({ bannedAt: null, deletedAt: null });
      expect((await api().get('/auth/me', { cookie: target.cookie })).status).toBe(200);

      const stepped = await api().post(
        '/auth/mfa/step-up',
        { method: 'backup_code', code: backupCodes[0] ?? '' },
        { cookie },
      );
      expect(text(stepped.body, 'session', 'aal')).toBe('aal2');
      const banned = await api().post(`${path}/ban`, undefined, {
        cookie: sessionCookie(stepped).pair,
      });
      expect(banned.status).toBe(200);
      expect((await api().get('/auth/me', { cookie: target.cookie })).status).toBe(401);
    });
  });
}

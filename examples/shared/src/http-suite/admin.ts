/**
 * The admin API over HTTP: who may call it (nobody → 401, a user → 403, an address in
 * ADMIN_EMAILS → allowed), the audit trail of a sign-in flow as an operator reads it, and
 * the ban oracle: a banned user's sign-in answers exactly like a wrong password.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiResponse } from './client.ts';
import { errorCode, record, text } from './client.ts';
import { freshPassword, latestMail, signInWithCookie, signUp, verifiedUser } from './flows.ts';

/** The admin's cookie, signed up once per suite run with the address ADMIN_EMAILS lists. */
function adminSession(api: () => ApiClient, adminEmail: string) {
  let session: Promise<string> | undefined;
  return () => {
    session ??= (async () => {
      const password = freshPassword();
      await signUp(api(), adminEmail, password);
      const { code } = await latestMail(api(), adminEmail, 'email_verification_code');
      expect((await api().post('/auth/verify-email', { email: adminEmail, code })).status).toBe(
        200,
      );
      return (await signInWithCookie(api(), adminEmail, password)).cookie;
    })();
    return session;
  };
}

/** What a client can observe of a sign-in refusal: status, body and headers but the date. */
function observable(response: ApiResponse) {
  const headers = [...response.headers.entries()].filter(([name]) => name !== 'date');
  return { status: response.status, body: response.body, headers };
}

export function describeAdmin(api: () => ApiClient, adminEmail: string): void {
  const admin = adminSession(api, adminEmail);

  describe('admin API', () => {
    it('answers 401 to nobody and 403 to a signed-in user who is not an admin', async () => {
      const user = await verifiedUser(api());
      const { cookie, userId } = await signInWithCookie(api(), user.email, user.password);
      for (const [method, path] of [
        ['POST', '/auth/admin/users/search'],
        ['GET', `/auth/admin/users/${userId}`],
        ['POST', `/auth/admin/users/${userId}/ban`],
        ['DELETE', `/auth/admin/users/${userId}`],
      ] as const) {
        const nobody = await api().request(method, path, { headers: { origin: api().origin } });
        expect([path, nobody.status, errorCode(nobody)]).toEqual([path, 401, 'unauthenticated']);
        const asUser = await api().request(method, path, { as: { cookie } });
        expect([path, asUser.status, errorCode(asUser)]).toEqual([path, 403, 'forbidden']);
      }
      expect((await api().get('/auth/me', { cookie })).status).toBe(200);
    });

    it('shows an operator the complete sign-in trail of a user, in order', async () => {
      const user = await verifiedUser(api());
      const wrong = await api().post('/auth/sign-in', { ...user, password: 'not the password' });
      expect(wrong.status).toBe(401);
      const { cookie, userId, sessionId } = await signInWithCookie(
        api(),
        user.email,
        user.password,
      );
      expect((await api().post('/auth/sign-out', undefined, { cookie })).status).toBe(204);

      const view = await api().get(`/auth/admin/users/${userId}`, { cookie: await admin() });
      expect(view.status).toBe(200);
      const events = record(view.body).recentEvents as Record<string, unknown>[];
      expect(events.map((event) => event.type).reverse()).toEqual([
        'user.signed_up',
        'email.verified',
        'user.sign_in_failed',
        'session.created',
        'user.signed_in',
        'session.revoked',
      ]);
      const signedIn = events.find((event) => event.type === 'user.signed_in') ?? {};
      expect(signedIn).toMatchObject({ sessionId, actorId: null, details: { aal: 'aal1' } });
      expect(typeof signedIn.ip).toBe('string');
      const failed = events.find((event) => event.type === 'user.sign_in_failed') ?? {};
      expect(failed.details).toEqual({ reason: 'invalid_credentials' });
    });

    it('bans a user: their sessions end and their sign-in answers exactly like a wrong password', async () => {
      const user = await verifiedUser(api());
      const { cookie, userId } = await signInWithCookie(api(), user.email, user.password);
      const stranger = await verifiedUser(api());
      const beforeBan = await api().post('/auth/sign-in', {
        ...stranger,
        password: 'wrong password 1',
      });

      const banned = await api().post(
        `/auth/admin/users/${userId}/ban`,
        { reason: 'abuse' },
        {
          cookie: await admin(),
        },
      );
      expect(banned.status).toBe(200);
      expect(record(record(banned.body).user).bannedAt).toEqual(expect.any(String));
      expect((await api().get('/auth/me', { cookie })).status).toBe(401);

      const right = await api().post('/auth/sign-in', user);
      const wrong = await api().post('/auth/sign-in', { ...user, password: 'wrong password 2' });
      expect(observable(right)).toEqual(observable(wrong));
      expect(observable(right)).toEqual(observable(beforeBan));
      expect(errorCode(right)).toBe('invalid_credentials');

      // The operator is named on the ban, and unbanning lets the user back in.
      const view = await api().get(`/auth/admin/users/${userId}`, { cookie: await admin() });
      const events = record(view.body).recentEvents as Record<string, unknown>[];
      const ban = events.find((event) => event.type === 'user.banned') ?? {};
      expect(ban.actorId).toEqual(expect.any(String));
      expect(ban.actorId).not.toBe(userId);
      const unbanned = await api().post(`/auth/admin/users/${userId}/unban`, undefined, {
        cookie: await admin(),
      });
      expect(unbanned.status).toBe(200);
      expect((await api().post('/auth/sign-in', user)).status).toBe(200);
    });

    it('searches, revokes sessions, soft-deletes and permanently deletes with every hook', async () => {
      const user = await verifiedUser(api());
      const { cookie, userId } = await signInWithCookie(api(), user.email, user.password);
      const as = { cookie: await admin() };

      const found = await api().post('/auth/admin/users/search', { emailContains: user.email }, as);
      expect((record(found.body).users as { id: string }[]).map((item) => item.id)).toEqual([
        userId,
      ]);
      const revoked = await api().post(
        `/auth/admin/users/${userId}/revoke-sessions`,
        undefined,
        as,
      );
      expect(revoked.body).toEqual({ revoked: 1 });
      expect((await api().get('/auth/me', { cookie })).status).toBe(401);
      const resent = await api().post(
        `/auth/admin/users/${userId}/resend-verification`,
        undefined,
        as,
      );
      expect(resent.status).toBe(202);

      const soft = await api().post(`/auth/admin/users/${userId}/soft-delete`, undefined, as);
      expect(text(soft.body, 'user', 'deletedAt')).toEqual(expect.any(String));
      const hidden = await api().post(
        '/auth/admin/users/search',
        { emailContains: user.email },
        as,
      );
      expect(record(hidden.body).users).toEqual([]);

      const erased = await api().delete(`/auth/admin/users/${userId}`, as);
      expect(erased.body).toEqual({
        status: 'deleted',
        report: [
          { module: 'dev-mailbox', status: 'purged' },
          { module: 'portcullis', status: 'purged' },
        ],
      });
      expect((await api().get(`/auth/admin/users/${userId}`, as)).status).toBe(404);
    });

    it('refuses to erase an organization’s owner (409 owns_organization) and erases nothing', async () => {
      const user = await verifiedUser(api());
      const { cookie, userId } = await signInWithCookie(api(), user.email, user.password);
      const created = await api().request('POST', '/auth/organizations', {
        as: { cookie },
        json: { name: 'Owned Inc' },
      });
      expect(created.status).toBe(201);

      const erased = await api().delete(`/auth/admin/users/${userId}`, { cookie: await admin() });
      expect([erased.status, errorCode(erased)]).toEqual([409, 'owns_organization']);
      expect((await api().get('/auth/me', { cookie })).status).toBe(200);
      expect((await api().get('/auth/organizations', { cookie })).body).toMatchObject({
        organizations: [{ name: 'Owned Inc', role: 'owner' }],
      });
    });
  });
}

import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { auditLogSink } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, errorCode, httpHarness } from './test-support/harness.ts';
import type { AdminPolicy } from './types.ts';

/** A harness whose audit log is stored, with `policy` as its admin policy. */
function adminHarness(policy?: AdminPolicy) {
  const repos = createMemoryRepositories();
  return httpHarness({
    auth: { repos, auditSinks: [auditLogSink(repos.auditLog)] },
    ...(policy === undefined ? {} : { http: { adminPolicy: policy } }),
  });
}

const ADMIN_ROUTES = [
  ['POST', '/admin/users/search'],
  ['GET', '/admin/users/u1'],
  ['DELETE', '/admin/users/u1'],
  ['POST', '/admin/users/u1/ban'],
  ['POST', '/admin/users/u1/unban'],
  ['POST', '/admin/users/u1/soft-delete'],
  ['POST', '/admin/users/u1/revoke-sessions'],
  ['POST', '/admin/users/u1/resend-verification'],
] as const;

describe('admin API', () => {
  it('answers 401 to nobody and 403 to a signed-in non-admin on every route; default policy denies all', async () => {
    for (const policy of [undefined, (() => false) satisfies AdminPolicy]) {
      const h = adminHarness(policy);
      const user = await h.cookieUser();
      for (const [method, path] of ADMIN_ROUTES) {
        const nobody = await h.send({ method, path, headers: { origin: APP_ORIGIN } });
        expect([path, nobody.status, errorCode(nobody)]).toEqual([path, 401, 'unauthenticated']);
        const asUser = await h.send({
          method,
          path,
          headers: { origin: APP_ORIGIN, cookie: user.cookie },
        });
        expect([path, asUser.status, errorCode(asUser)]).toEqual([path, 403, 'forbidden']);
      }
    }
  });

  it('lets the policy admit an operator, and audits each write with the acting admin', async () => {
    const admins = new Set<string>();
    const h = adminHarness(({ principal }) => admins.has(principal.userId));
    const admin = await h.cookieUser();
    admins.add(admin.userId);
    const target = await h.cookieUser();
    const as = { origin: APP_ORIGIN, cookie: admin.cookie };
    const call = (method: string, path: string, body?: unknown) =>
      h.send({ method, path, headers: as, ...(body === undefined ? {} : { body }) });

    const found = await call('POST', '/admin/users/search', { emailContains: target.email });
    expect(found.status).toBe(200);
    expect((found.body as { users: { id: string }[] }).users.map((u) => u.id)).toEqual([
      target.userId,
    ]);

    expect(
      (await call('POST', `/admin/users/${target.userId}/ban`, { reason: 'spam' })).status,
    ).toBe(200);
    expect((await call('POST', `/admin/users/${target.userId}/unban`)).status).toBe(200);
    expect(await call('POST', `/admin/users/${target.userId}/revoke-sessions`)).toMatchObject({
      status: 200,
      body: { revoked: 0 },
    });
    expect((await call('POST', `/admin/users/${target.userId}/resend-verification`)).status).toBe(
      202,
    );
    expect((await call('POST', `/admin/users/${target.userId}/soft-delete`)).status).toBe(200);
    const view = await call('GET', `/admin/users/${target.userId}`);
    expect(view.status).toBe(200);
    const body = view.body as {
      user: { id: string };
      sessions: unknown[];
      recentEvents: { type: string; actorId: string | null }[];
    };
    expect(body.user.id).toBe(target.userId);
    const acted = body.recentEvents
      .filter((event) => event.actorId === admin.userId)
      .map((e) => e.type);
    expect(acted).toEqual(
      expect.arrayContaining([
        'user.banned',
        'user.unbanned',
        'session.revoked_all',
        'user.soft_deleted',
      ]),
    );

    const erased = await call('DELETE', `/admin/users/${target.userId}`);
    expect(erased).toMatchObject({ status: 200, body: { status: 'deleted' } });
    expect(await h.repos.users.findById(target.userId)).toBeNull();
    expect((await call('GET', `/admin/users/${target.userId}`)).status).toBe(404);
    expect(h.events.at(-1)).toMatchObject({ type: 'account.erased', actorId: admin.userId });
  });

  it('refuses malformed admin bodies with 400 and a policy that is not a function at creation', async () => {
    const h = adminHarness(() => true);
    const admin = await h.cookieUser();
    const bad = await h.send({
      method: 'POST',
      path: '/admin/users/search',
      headers: { origin: APP_ORIGIN, cookie: admin.cookie },
      body: { limit: 'ten' },
    });
    expect([bad.status, errorCode(bad)]).toEqual([400, 'invalid_input']);
    expect(() => httpHarness({ http: { adminPolicy: 'yes' as never } })).toThrow(/adminPolicy/);
  });
});

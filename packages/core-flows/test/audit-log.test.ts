/**
 * The durable audit log behind `auditLogSink`: a flow's trail is complete and in order, a
 * failing log never fails the flow, each event costs one insert, retention runs in prune,
 * and an operator's action names the operator.
 */
import { createMemoryAuditLogRepo, createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuditLogRepo, AuthEventType } from '@portcullis/core';
import { auditLogSink, isAuthError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';

const DAY = 86_400;

/** A harness whose audit log is the memory repository, wired as a sink. */
function loggedAuth(
  overrides: { auditLog?: AuditLogRepo; onAuditFailure?: (e: unknown) => void } = {},
) {
  const repos = {
    ...createMemoryRepositories(),
    ...(overrides.auditLog ? { auditLog: overrides.auditLog } : {}),
  };
  return testAuth({
    repos,
    auditSinks: [auditLogSink(repos.auditLog)],
    ...(overrides.onAuditFailure ? { onAuditFailure: overrides.onAuditFailure } : {}),
  });
}

/** The user's stored trail, oldest first. */
async function trail(h: ReturnType<typeof loggedAuth>, userId: string): Promise<AuthEventType[]> {
  const page = await h.auth.listAuditEvents({ userId, limit: 100 });
  return page.entries.map((entry) => entry.type).reverse();
}

describe('audit log', () => {
  it('keeps the whole sign-up, sign-in and sign-out trail in order, with the request context', async () => {
    const h = loggedAuth();
    const email = 'trail@example.com';
    await h.auth.signUp({ email, password: 'correct horse battery staple' });
    const { code } = h.lastMail('email_verification_code', email);
    const verified = await h.auth.verifyEmail({ email, code });
    if (!verified.ok) throw new Error('verification failed');
    await h.auth.signIn({ email, password: 'wrong password here' });
    const signedIn = await h.auth.signIn({
      email,
      password: 'correct horse battery staple',
      context: { ip: '198.51.100.4', userAgent: 'Trail/1.0' },
    });
    if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
    await h.auth.revokeSession({ userId: verified.userId, sessionId: signedIn.session.id });

    expect(await trail(h, verified.userId)).toEqual([
      'user.signed_up',
      'email.verified',
      'user.sign_in_failed',
      'session.created',
      'user.signed_in',
      'session.revoked',
    ]);
    const [latestSignIn] = (
      await h.auth.listAuditEvents({ userId: verified.userId, types: ['user.signed_in'] })
    ).entries;
    expect(latestSignIn).toMatchObject({
      sessionId: signedIn.session.id,
      ip: '198.51.100.4',
      userAgent: 'Trail/1.0',
      actorId: null,
      details: { aal: 'aal1' },
    });
    // Every event the harness saw about the user was stored, and nothing else.
    const seen = h.events.filter((event) => event.userId === verified.userId).map((e) => e.type);
    expect(await trail(h, verified.userId)).toEqual(seen);
  });

  it('a failing audit store never fails a flow: every failure is reported, the flow completes', async () => {
    const failures: unknown[] = [];
    const broken: AuditLogRepo = {
      ...createMemoryAuditLogRepo(),
      append: () => Promise.reject(new Error('audit database down')),
    };
    const h = loggedAuth({ auditLog: broken, onAuditFailure: (error) => failures.push(error) });
    const user = await signedInUser(h);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    expect(await h.auth.revokeAllSessions({ userId: user.userId })).toBe(1);
    expect(failures.length).toBeGreaterThanOrEqual(h.events.length);
    expect(failures.every((error) => (error as Error).message === 'audit database down')).toBe(
      true,
    );
  });

  it('a store that throws synchronously is isolated the same way', async () => {
    const broken: AuditLogRepo = {
      ...createMemoryAuditLogRepo(),
      append: () => {
        throw new Error('driver bug');
      },
    };
    const h = loggedAuth({ auditLog: broken });
    const user = await verifiedUser(h);
    expect(await h.auth.signIn(user)).toMatchObject({ ok: true, status: 'signed_in' });
  });

  it('writes one insert per event and reads nothing', async () => {
    const memory = createMemoryAuditLogRepo();
    const calls: string[] = [];
    const counting: AuditLogRepo = {
      append: (entry) => {
        calls.push('append');
        return memory.append(entry);
      },
      list: (query) => {
        calls.push('list');
        return memory.list(query);
      },
      pseudonymiseUser: (...args) => {
        calls.push('pseudonymise');
        return memory.pseudonymiseUser(...args);
      },
      deleteOlderThan: (before) => {
        calls.push('delete');
        return memory.deleteOlderThan(before);
      },
    };
    const h = loggedAuth({ auditLog: counting });
    await signedInUser(h);
    expect(calls).toEqual(h.events.map(() => 'append'));
  });

  it('records the operator as actorId when an admin acts', async () => {
    const h = loggedAuth();
    const user = await verifiedUser(h);
    await h.auth.banUser({ userId: user.userId, reason: 'abuse', context: { actorId: 'admin-1' } });
    const [banned] = (await h.auth.listAuditEvents({ userId: user.userId, types: ['user.banned'] }))
      .entries;
    expect(banned).toMatchObject({ actorId: 'admin-1', details: { reason: 'abuse' } });
  });

  it('prune applies auditLog.retention', async () => {
    const h = testAuth({ configOverrides: { auditLog: { retention: 30 * DAY } } });
    const repos = h.repos;
    const sink = auditLogSink(repos.auditLog);
    const h2 = testAuth({
      repos,
      auditSinks: [sink],
      configOverrides: { auditLog: { retention: 30 * DAY } },
    });
    const user = await verifiedUser(h2);
    const before = (await h2.auth.listAuditEvents({ userId: user.userId })).entries.length;
    expect(before).toBeGreaterThan(0);
    // The harness clocks are separate: the second one moves 31 days on.
    h2.clock.advance(29 * DAY);
    expect((await h2.auth.prune()).auditEvents).toBe(0);
    h2.clock.advance(2 * DAY);
    expect((await h2.auth.prune()).auditEvents).toBe(before + 1); // and the first prune's event
    expect((await h2.auth.listAuditEvents({ userId: user.userId })).entries).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('refuses malformed queries before reading', async () => {
    const h = loggedAuth();
    for (const input of [
      { limit: 0 },
      { limit: 101 },
      { userId: 'bad id' },
      { types: ['DROP TABLE'] },
      { from: new Date(Number.NaN) },
      { cursor: '!!' },
    ]) {
      const error = await h.auth.listAuditEvents(input as never).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(isAuthError(error, 'INPUT_INVALID'), JSON.stringify(input)).toBe(true);
    }
  });
});

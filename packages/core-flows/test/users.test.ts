import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth, verifiedUser } from './harness.ts';

describe('getUser and listUsers', () => {
  it('never exposes the password hash', async () => {
    const h = testAuth();
    const { userId } = await verifiedUser(h);
    const user = await h.auth.getUser({ userId });
    expect(user).toMatchObject({ id: userId, emailVerified: true, hasPassword: true });
    expect(JSON.stringify(user)).not.toContain('argon2');
    expect(await h.auth.getUser({ userId: 'missing' })).toBeNull();
  });

  it('pages through users and filters by email, hiding soft-deleted ones', async () => {
    const h = testAuth();
    for (let i = 0; i < 5; i++) {
      await verifiedUser(h, `member${i}@team.example`);
      h.clock.advance(1);
    }
    await verifiedUser(h, 'outsider@other.example');
    const first = await h.auth.listUsers({ limit: 2, emailContains: 'TEAM.example' });
    expect(first.users.map((user) => user.email)).toEqual([
      'member0@team.example',
      'member1@team.example',
    ]);
    const second = await h.auth.listUsers({
      limit: 2,
      emailContains: 'team.example',
      cursor: first.nextCursor ?? '',
    });
    expect(second.users.map((user) => user.email)).toEqual([
      'member2@team.example',
      'member3@team.example',
    ]);

    await h.auth.softDeleteUser({ userId: second.users[0]?.id ?? '' });
    const all = await h.auth.listUsers({ limit: 100, emailContains: 'team.example' });
    expect(all.users).toHaveLength(4);
    expect(
      (await h.auth.listUsers({ limit: 100, emailContains: 'team', includeDeleted: true })).users,
    ).toHaveLength(5);
  });

  it.each([
    { limit: 0 },
    { limit: 101 },
    { limit: 1.5 },
    { cursor: 'not a cursor!' },
    { emailContains: 'a\u0000' },
  ])('rejects bad list input %o', async (input) => {
    const h = testAuth();
    await expect(h.auth.listUsers(input)).rejects.toBeInstanceOf(InputError);
  });
});

describe('setUserMetadata', () => {
  it('replaces metadata only: protected fields in the body stay untouched', async () => {
    const h = testAuth();
    const { userId, email } = await verifiedUser(h);
    const body = {
      email: 'attacker@example.com',
      passwordHash: 'x',
      bannedAt: null,
      emailVerifiedAt: null,
      theme: 'dark',
    };
    const user = await h.auth.setUserMetadata({ userId, metadata: body });
    expect(user?.email).toBe(email);
    expect(user?.emailVerified).toBe(true);
    expect(user?.metadata).toEqual(body);
    const stored = await h.repos.users.findById(userId);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ['a prototype key', JSON.parse('{"nested":{"__proto__":{"polluted":true}}}')],
    ['a non-object', ['list']],
    ['a function', { run: () => 1 }],
    ['a non-finite number', { n: Number.POSITIVE_INFINITY }],
    ['a date', { when: new Date() }],
    ['oversized data', { blob: 'x'.repeat(20_000) }],
    ['deep nesting', JSON.parse(`${'{"a":'.repeat(20)}1${'}'.repeat(20)}`)],
  ])('rejects %s', async (_, metadata) => {
    const h = testAuth();
    const { userId } = await verifiedUser(h);
    await expect(h.auth.setUserMetadata({ userId, metadata })).rejects.toBeInstanceOf(InputError);
    expect((await h.repos.users.findById(userId))?.metadata).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('moderation and deletion', () => {
  it('ban revokes every session and refresh token; unban restores sign-in', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const banned = await h.auth.banUser({ userId: user.userId, reason: 'chargeback' });
    expect(banned).toMatchObject({ banReason: 'chargeback' });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(await h.auth.signIn(user)).toEqual({ ok: false, reason: 'invalid_credentials' });

    await h.auth.unbanUser({ userId: user.userId });
    expect(await h.auth.signIn(user)).toMatchObject({ ok: true });
    expect(await h.auth.banUser({ userId: 'missing' })).toBeNull();
  });

  it('soft delete ends sessions and hides the account from sign-in', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    await h.auth.softDeleteUser({ userId: user.userId });
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(await h.auth.signIn(user)).toEqual({ ok: false, reason: 'invalid_credentials' });
    expect((await h.auth.getUser({ userId: user.userId }))?.deletedAt).toEqual(h.clock.now());
  });

  it('permanent delete removes the user and everything that belongs to it', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    expect(await h.auth.deleteUserPermanently({ userId: user.userId })).toEqual({
      ok: true,
      deleted: true,
    });
    expect(await h.auth.getUser({ userId: user.userId })).toBeNull();
    expect(await h.repos.sessions.listByUser(user.userId)).toEqual([]);
    expect(await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await h.auth.deleteUserPermanently({ userId: user.userId })).toEqual({
      ok: true,
      deleted: false,
    });
    expect(h.events.at(-1)).toMatchObject({ type: 'user.deleted', userId: user.userId });
  });
});

describe('operator reads', () => {
  it('searchUsers and inspectUser record who looked, never the query', async () => {
    const h = testAuth();
    const { userId } = await signedInUser(h, 'looked.at@team.example');
    const page = await h.auth.searchUsers({ actorId: 'ops_7', emailContains: 'looked.at' });
    expect(page.users.map((user) => user.id)).toEqual([userId]);
    const view = await h.auth.inspectUser({
      userId,
      actorId: 'ops_7',
      context: { ip: '192.0.2.1' },
    });
    expect(view).toMatchObject({ user: { id: userId }, sessions: [{ userId }] });
    expect(await h.auth.inspectUser({ userId: 'nobody', actorId: 'ops_7' })).toBeNull();

    const reads = h.events.filter((event) => event.type.startsWith('admin.'));
    expect(reads).toEqual([
      expect.objectContaining({
        type: 'admin.users_searched',
        userId: null,
        actorId: 'ops_7',
        resultCount: 1,
      }),
      expect.objectContaining({
        type: 'admin.user_viewed',
        userId,
        actorId: 'ops_7',
        ip: '192.0.2.1',
      }),
    ]);
    expect(JSON.stringify(reads)).not.toContain('looked.at');
    await expect(h.auth.inspectUser({ userId, actorId: 'not an id' })).rejects.toBeInstanceOf(
      InputError,
    );
  });
});

/**
 * Untrusted values that arrive beside the main input — ids from URLs, headers copied into
 * the request context — are validated or cleaned before anything reaches a repository.
 */

import { InputError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth } from './harness.ts';

const hostileIds = ['', 'a\u0000b', 'x'.repeat(129), "1' OR '1'='1", 'a/b', 42, null];

describe('record ids from outside', () => {
  it.each(hostileIds)('admin and session functions refuse id %j with InputError', async (id) => {
    const h = testAuth();
    const user = await signedInUser(h);
    const calls = [
      () => h.auth.getUser({ userId: id as string }),
      () => h.auth.banUser({ userId: id as string }),
      () => h.auth.unbanUser({ userId: id as string }),
      () => h.auth.setUserMetadata({ userId: id as string, metadata: {} }),
      () => h.auth.softDeleteUser({ userId: id as string }),
      () => h.auth.deleteUserPermanently({ userId: id as string }),
      () => h.auth.listSessions({ userId: id as string }),
      () => h.auth.revokeSession({ userId: user.userId, sessionId: id as string }),
      () => h.auth.revokeAllSessions({ userId: id as string }),
      () => h.auth.revokeAllSessions({ userId: user.userId, exceptSessionId: id as string }),
      () =>
        h.auth.changePassword({
          userId: id as string,
          currentPassword: user.password,
          newPassword: 'new long password',
        }),
    ];
    for (const call of calls) await expect(call()).rejects.toBeInstanceOf(InputError);
    expect(await h.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
  });

  it('accepts imported ids such as UUIDs', async () => {
    const h = testAuth();
    expect(await h.auth.getUser({ userId: crypto.randomUUID() })).toBeNull();
  });
});

describe('request context', () => {
  it('is stored on sessions and events without controls and within length caps', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    const hostile = {
      ip: '203.0.113.7\u0000\r\nX-Injected: 1',
      userAgent: `Mozilla\u0000${'A'.repeat(10_000)}`,
    };
    const result = await h.auth.signIn({
      email: user.email,
      password: user.password,
      context: hostile,
    });
    if (!result.ok || result.status !== 'signed_in') throw new Error('sign-in failed');

    expect(result.session.ip).toBe('203.0.113.7X-Injected: 1');
    expect(result.session.userAgent).toHaveLength(512);
    expect(result.session.userAgent).not.toContain('\u0000');
    const event = h.events.at(-1);
    expect(event?.ip).toBe(result.session.ip);
    expect(event?.userAgent).toBe(result.session.userAgent);
  });
});

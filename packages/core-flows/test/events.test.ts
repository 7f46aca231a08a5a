import { auditEvent, SinkTimeoutError, safeEmitter } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { signedInUser, testAuth } from './harness.ts';

describe('safeEmitter', () => {
  it('reports a throwing or rejecting sink and still delivers to the others', async () => {
    const delivered: string[] = [];
    const failures: string[] = [];
    const emitter = safeEmitter(
      [
        {
          record: () => {
            throw new Error('sync');
          },
        },
        { record: () => Promise.reject(new Error('async')) },
        { record: (event) => void delivered.push(event.type) },
      ],
      (error) => failures.push((error as Error).message),
    );
    await emitter.emit(auditEvent({ type: 'user.signed_up', userId: 'u1' }, new Date(0)));
    expect(failures).toEqual(['sync', 'async']);
    expect(delivered).toEqual(['user.signed_up']);
  });

  it('survives a failure handler that throws', async () => {
    const emitter = safeEmitter(
      [
        {
          record: () => {
            throw new Error('sink');
          },
        },
      ],
      () => {
        throw new Error('handler');
      },
    );
    await expect(
      emitter.emit(auditEvent({ type: 'user.deleted', userId: 'u1' }, new Date(0))),
    ).resolves.toBeUndefined();
  });

  it('stops waiting for a sink that never settles, reports it, and goes on', async () => {
    const failures: unknown[] = [];
    const delivered: string[] = [];
    const emitter = safeEmitter(
      [
        { record: () => new Promise<void>(() => {}) },
        { record: (e) => void delivered.push(e.type) },
      ],
      (error) => failures.push(error),
      50,
    );
    await emitter.emit(auditEvent({ type: 'user.signed_up', userId: 'u1' }, new Date(0)));
    expect(failures).toEqual([expect.any(SinkTimeoutError)]);
    expect(delivered).toEqual(['user.signed_up']);
  });

  it('a flow answers although the audit store hangs (auditSinkTimeoutMs)', async () => {
    const failures: unknown[] = [];
    const h = testAuth({
      auditSinks: [{ record: () => new Promise<void>(() => {}) }],
      onAuditFailure: (error) => failures.push(error),
      auditSinkTimeoutMs: 50,
    });
    const user = await signedInUser(h);
    expect(user.session.userId).toBe(user.userId);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((error) => error instanceof SinkTimeoutError)).toBe(true);
  });
});

describe('audit events of the flows', () => {
  it('carry no password, code, token or hash', async () => {
    const h = testAuth();
    const user = await signedInUser(h);
    await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
    await h.auth.rotateRefreshToken({ refreshToken: user.refreshToken });
    await h.auth.requestPasswordReset({ email: user.email });
    const { token } = h.lastMail('password_reset');
    await h.auth.resetPassword({ token, newPassword: 'another long password' });

    const serialized = JSON.stringify(h.events);
    const secrets = [
      user.password,
      user.sessionToken,
      user.refreshToken,
      token,
      'another long password',
      'argon2id$',
    ];
    for (const mail of h.mailbox)
      if (mail.type === 'email_verification_code') secrets.push(mail.code);
    for (const secret of secrets) expect(serialized).not.toContain(secret);
    expect(new Set(h.events.map((event) => event.type))).toEqual(
      new Set([
        'user.sign_up_pending',
        'user.signed_up',
        'email.verified',
        'session.created',
        'user.signed_in',
        'refresh.issued',
        'refresh.rotated',
        'refresh.replay_detected',
        'password.reset_requested',
        'session.revoked_all',
        'password.reset',
      ]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { aRefreshToken, aSession, atMinute, aUser, aVerificationToken } from './index.ts';

describe('fixture builders', () => {
  it('give every record fresh ids, emails and hashes', () => {
    const users = Array.from({ length: 100 }, () => aUser());
    expect(new Set(users.map((user) => user.id)).size).toBe(100);
    expect(new Set(users.map((user) => user.emailKey)).size).toBe(100);
    const tokens = Array.from({ length: 100 }, () =>
      aRefreshToken({ sessionId: 's', userId: 'u' }),
    );
    expect(new Set(tokens.map((token) => token.tokenHash)).size).toBe(100);
    expect(tokens[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derive the email key from an overridden email unless one is given', () => {
    expect(aUser({ email: 'Ann@Example.test' }).emailKey).toBe('ann@example.test');
    expect(aUser({ email: 'Ann@Example.test', emailKey: 'k' }).emailKey).toBe('k');
  });

  it('apply overrides and owners', () => {
    const session = aSession('user-1', { aal: 'aal2', createdAt: atMinute(3) });
    expect(session).toMatchObject({ userId: 'user-1', aal: 'aal2', createdAt: atMinute(3) });
    const token = aVerificationToken('user-1', { purpose: 'password_reset' });
    expect(token).toMatchObject({ userId: 'user-1', purpose: 'password_reset', consumedAt: null });
    expect(atMinute(1).getTime() - atMinute(0).getTime()).toBe(60_000);
  });
});

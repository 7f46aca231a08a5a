import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createTestAuth, signedInUser, verifiedUser } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';

describe('@portcullis/core/testing', () => {
  it('runs the getting-started example: a signed-in user whose session idles out', async () => {
    const t = createTestAuth({ repos: createMemoryRepositories() });
    const user = await signedInUser(t);
    expect(await t.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: true,
    });
    t.clock.advance(8 * 24 * 3600);
    expect(await t.auth.validateSession({ sessionToken: user.sessionToken })).toMatchObject({
      ok: false,
    });
    expect(t.lastMail('email_verification_code', user.email).code).toMatch(/^\d{6}$/);
    expect(t.eventCount('session.created')).toBe(1);
  });

  it('finds mail per recipient and fails loudly when none was sent', async () => {
    const t = createTestAuth({ repos: createMemoryRepositories() });
    const first = await verifiedUser(t);
    const second = await verifiedUser(t);
    expect(t.lastMail('email_verification_code', first.email).to).toBe(first.email);
    expect(t.lastMail('email_verification_code').to).toBe(second.email);
    expect(() => t.lastMail('password_reset')).toThrow(/no password_reset mail was sent/);
  });

  it('records events alongside any sinks the test adds', async () => {
    const seen: string[] = [];
    const t = createTestAuth({
      repos: createMemoryRepositories(),
      auditSinks: [{ record: (event) => void seen.push(event.type) }],
    });
    await verifiedUser(t);
    expect(seen).toEqual(t.events.map((event) => event.type));
    expect(seen.length).toBeGreaterThan(0);
  });
});

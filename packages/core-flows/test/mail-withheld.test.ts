import { describe, expect, it } from 'vitest';
import { testAuth, verifiedUser } from './harness.ts';

const passwordless = { linkUrl: 'https://app.example/magic', signUp: false };

/** The three "mail me" requests, each answering `{ ok: true }` for any address. */
const requests = {
  password_reset: (h: ReturnType<typeof testAuth>, email: string) =>
    h.auth.requestPasswordReset({ email }),
  magic_link: (h: ReturnType<typeof testAuth>, email: string) => h.auth.requestMagicLink({ email }),
  sign_in_code: (h: ReturnType<typeof testAuth>, email: string) =>
    h.auth.requestSignInCode({ email }),
} as const;

describe('mail requests write one audit event on every path', () => {
  for (const [flow, request] of Object.entries(requests)) {
    it(`${flow}: an account, no account and a banned account each record exactly one event`, async () => {
      const h = testAuth({ configOverrides: { passwordless } });
      const active = await verifiedUser(h);
      const banned = await verifiedUser(h);
      await h.auth.banUser({ userId: banned.userId, reason: 'abuse' });
      const eventsOf = async (email: string) => {
        const before = h.events.length;
        expect(await request(h, email)).toEqual({ ok: true });
        return h.events.slice(before);
      };

      const sent = await eventsOf(active.email);
      const unknown = await eventsOf('nobody@example.com');
      const refused = await eventsOf(banned.email);
      expect([sent.length, unknown.length, refused.length]).toEqual([1, 1, 1]);
      expect(unknown[0]).toMatchObject({
        type: 'mail.withheld',
        userId: null,
        flow,
        reason: 'no_account',
      });
      expect(refused[0]).toMatchObject({
        type: 'mail.withheld',
        userId: banned.userId,
        flow,
        reason: 'account_banned',
      });
      expect(sent[0]?.type).not.toBe('mail.withheld');
    });
  }
});

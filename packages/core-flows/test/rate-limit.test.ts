/**
 * `createRateLimiter` over the memory store with the default policies: the attack
 * scenarios the defaults are sized for, end to end with a fake clock.
 */
import { createMemoryRateLimitStore } from '@portcullis/adapter-memory';
import type { RateLimitResult } from '@portcullis/core';
import { createRateLimiter } from '@portcullis/core';
import { fakeClock } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { untyped } from './untyped.ts';

const secret = new Uint8Array(32).fill(3);
const VICTIM = 'ada@example.com';

function limiter() {
  const clock = fakeClock();
  const rateLimiter = createRateLimiter({ store: createMemoryRateLimitStore(), secret, clock });
  return { check: rateLimiter.check, advanceSeconds: clock.advance };
}

const allowedCount = (results: RateLimitResult[]) => results.filter((r) => r.ok).length;

async function repeat(count: number, run: (i: number) => Promise<RateLimitResult>) {
  const results: RateLimitResult[] = [];
  for (let i = 0; i < count; i++) results.push(await run(i));
  return results;
}

describe('default rate limits over the memory store', () => {
  it('one address hammering an email cannot lock its owner out from another address', async () => {
    const l = limiter();
    const attack = await repeat(100, () =>
      l.check('sign_in', { ip: '198.51.100.66', email: VICTIM }),
    );
    // 10 per 15 minutes per address+email; the other 90 stop there, before the per-email
    // bucket (50 an hour), so the owner still has 40 sign-ins of it.
    expect(allowedCount(attack)).toBe(10);
    expect(attack[10]).toEqual({ ok: false, retryAfterSeconds: 90, by: 'ip_email' });
    expect(await l.check('sign_in', { ip: '203.0.113.5', email: VICTIM })).toEqual({ ok: true });
    expect(await l.check('sign_in', { ip: '203.0.113.5', email: VICTIM.toUpperCase() })).toEqual({
      ok: true,
    });
  });

  it('guessing spread over many addresses is slowed by the per-email bucket', async () => {
    const l = limiter();
    const spread = await repeat(60, (i) =>
      l.check('sign_in', { ip: `198.51.100.${i + 1}`, email: VICTIM }),
    );
    expect(allowedCount(spread)).toBe(50);
    // 50 an hour: the next token in 72 s.
    expect(spread[50]).toEqual({ ok: false, retryAfterSeconds: 72, by: 'email' });
    l.advanceSeconds(72);
    expect(await l.check('sign_in', { ip: '198.51.100.200', email: VICTIM })).toEqual({ ok: true });
    expect((await l.check('sign_in', { ip: '198.51.100.201', email: VICTIM })).ok).toBe(false);
  });

  it('one address trying many emails is stopped by the per-address bucket', async () => {
    const l = limiter();
    const sweep = await repeat(70, (i) =>
      l.check('sign_in', { ip: '198.51.100.7', email: `user${i}@example.com` }),
    );
    expect(allowedCount(sweep)).toBe(60);
    expect(sweep[60]).toEqual({ ok: false, retryAfterSeconds: 15, by: 'ip' });
    // Other addresses are unaffected.
    expect(await l.check('sign_in', { ip: '198.51.100.8', email: 'user0@example.com' })).toEqual({
      ok: true,
    });
  });

  it('normalises emails, so spellings of one address share its buckets', async () => {
    const l = limiter();
    const spellings = [
      'Ada@Example.com',
      'ada@example.com ',
      ' ADA@EXAMPLE.COM',
      'ａｄａ@example.com',
    ];
    const results = await repeat(spellings.length, (i) =>
      l.check('password_reset_mail', { ip: `203.0.113.${i + 1}`, email: spellings[i] }),
    );
    // 3 reset mails an hour per email, whoever asks and however it is written.
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toEqual({ ok: false, retryAfterSeconds: 1200, by: 'email' });
    expect(
      await l.check('password_reset_mail', { ip: '203.0.113.9', email: 'bob@example.com' }),
    ).toEqual({
      ok: true,
    });
  });

  it('refills with time, never above the capacity', async () => {
    const l = limiter();
    await repeat(3, () => l.check('password_reset_mail', { ip: '203.0.113.1', email: VICTIM }));
    l.advanceSeconds(1199);
    expect((await l.check('password_reset_mail', { ip: '203.0.113.1', email: VICTIM })).ok).toBe(
      false,
    );
    l.advanceSeconds(1);
    expect((await l.check('password_reset_mail', { ip: '203.0.113.1', email: VICTIM })).ok).toBe(
      true,
    );
    l.advanceSeconds(30 * 86_400);
    const later = await repeat(4, () =>
      l.check('password_reset_mail', { ip: '203.0.113.1', email: VICTIM }),
    );
    expect(later.map((r) => r.ok)).toEqual([true, true, true, false]);
  });

  it('keeps actions apart: using up password resets leaves sign-in alone', async () => {
    const l = limiter();
    await repeat(5, () => l.check('password_reset_mail', { ip: '203.0.113.1', email: VICTIM }));
    expect(await l.check('sign_in', { ip: '203.0.113.1', email: VICTIM })).toEqual({ ok: true });
    expect(await l.check('email_verification', { ip: '203.0.113.1', email: VICTIM })).toEqual({
      ok: true,
    });
  });

  it('input that is not an email is still limited per address', async () => {
    const l = limiter();
    const junk = await repeat(61, (i) =>
      l.check('sign_in', {
        ip: '198.51.100.9',
        email: i % 2 === 0 ? 'nope' : untyped({ $ne: null }),
      }),
    );
    expect(allowedCount(junk)).toBe(60);
  });
});

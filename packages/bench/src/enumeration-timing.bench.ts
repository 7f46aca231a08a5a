/**
 * Does response time reveal whether an address has an account? For each enumeration-safe
 * endpoint, `perSide` requests about an existing account and as many about an unknown
 * address are sent interleaved (A B B A …) over loopback to the Hono example (its in-process mail outbox,
 * rate limits off, the Postgres at DATABASE_URL when set, else PGlite). Reported per
 * endpoint: both medians and the ROC AUC of "the slower one is the existing account" — the
 * best an observer who thresholds one response time can do. 0.5 is no signal; the goal is
 * a distinguishability max(AUC, 1 − AUC) ≤ 0.6. With no signal the AUC of n requests per
 * side has a standard error of √((2n + 1) / 12n²): 0.075 at 30, too wide for that bound,
 * and 0.029 at 200.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startHonoExample } from '@portcullis/example-hono';
import pg from 'pg';
import { median } from './measure.ts';

export interface EndpointTiming {
  readonly endpoint: string;
  readonly existsMedianMs: number;
  readonly unknownMedianMs: number;
  /** P(a random existing-account request is slower than a random unknown one); ties ½. */
  readonly auc: number;
}

/** Mann–Whitney form of the ROC AUC. */
export function rocAuc(positives: readonly number[], negatives: readonly number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

const freshEmail = () => `bench-${randomUUID()}@example.test`;
const freshPassword = () => `pw-${randomUUID()}`;

export async function enumerationTiming(options: {
  perSide: number;
  warmup: number;
}): Promise<EndpointTiming[]> {
  // A schema of its own, so a shared database at another migration cannot interfere.
  const schema = `pc_bench_${randomBytes(8).toString('hex')}`;
  const databaseUrl = process.env.DATABASE_URL;
  const server = await startHonoExample({
    port: 0,
    env: {
      NODE_ENV: 'test',
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      RATE_LIMITS: 'off',
      DATABASE_URL: databaseUrl,
      DATABASE_SCHEMA: schema,
    },
  });
  const post = async (path: string, body: unknown): Promise<number> => {
    const start = performance.now();
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(server.url).origin },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    const elapsed = performance.now() - start;
    if (response.status >= 500) throw new Error(`${path} answered ${response.status}`);
    return elapsed;
  };
  const mailbox = async () => {
    const response = await fetch(`${server.url}/dev/mailbox.json`);
    return ((await response.json()) as { mails: { to: string; code?: string }[] }).mails;
  };
  try {
    // An existing, verified account, and an address with a sign-up pending.
    const account = freshEmail();
    await post('/auth/sign-up', { email: account, password: freshPassword() });
    const code = (await mailbox()).find((mail) => mail.to === account)?.code;
    await post('/auth/verify-email', { email: account, code });
    const pending = freshEmail();
    await post('/auth/sign-up', { email: pending, password: freshPassword() });
    const wrongCode =
      (await mailbox()).find((mail) => mail.to === pending)?.code === '000000'
        ? '111111'
        : '000000';
    // A live sign-in code for the account, so wrong guesses at it count against a real row.
    await post('/auth/sign-in-code', { email: account });
    const signInCode = (await mailbox()).find((mail) => mail.to === account)?.code;
    const wrongSignInCode = signInCode === '000000' ? '111111' : '000000';

    const endpoints: {
      name: string;
      exists: () => Promise<number>;
      unknown: () => Promise<number>;
    }[] = [
      {
        name: 'POST /auth/sign-up',
        exists: () => post('/auth/sign-up', { email: account, password: freshPassword() }),
        unknown: () => post('/auth/sign-up', { email: freshEmail(), password: freshPassword() }),
      },
      {
        name: 'POST /auth/password/forgot',
        exists: () => post('/auth/password/forgot', { email: account }),
        unknown: () => post('/auth/password/forgot', { email: freshEmail() }),
      },
      {
        name: 'POST /auth/verify-email/resend',
        exists: () => post('/auth/verify-email/resend', { email: pending }),
        unknown: () => post('/auth/verify-email/resend', { email: freshEmail() }),
      },
      {
        name: 'POST /auth/verify-email (wrong code)',
        exists: () => post('/auth/verify-email', { email: pending, code: wrongCode }),
        unknown: () => post('/auth/verify-email', { email: freshEmail(), code: wrongCode }),
      },
      {
        // The example allows sign-up by link: an unknown address gets a sign-up link.
        name: 'POST /auth/magic-link',
        exists: () => post('/auth/magic-link', { email: account }),
        unknown: () => post('/auth/magic-link', { email: freshEmail() }),
      },
      {
        name: 'POST /auth/sign-in-code',
        exists: () => post('/auth/sign-in-code', { email: account }),
        unknown: () => post('/auth/sign-in-code', { email: freshEmail() }),
      },
      {
        name: 'POST /auth/sign-in-code/verify (wrong code)',
        exists: () => post('/auth/sign-in-code/verify', { email: account, code: wrongSignInCode }),
        unknown: () =>
          post('/auth/sign-in-code/verify', { email: freshEmail(), code: wrongSignInCode }),
      },
    ];
    const results: EndpointTiming[] = [];
    for (const endpoint of endpoints) {
      for (let i = 0; i < options.warmup; i++) {
        await endpoint.exists();
        await endpoint.unknown();
      }
      const exists: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < options.perSide; i++) {
        // A B B A: neither side always runs first.
        if (i % 2 === 0) {
          exists.push(await endpoint.exists());
          unknown.push(await endpoint.unknown());
        } else {
          unknown.push(await endpoint.unknown());
          exists.push(await endpoint.exists());
        }
      }
      results.push({
        endpoint: endpoint.name,
        existsMedianMs: median(exists),
        unknownMedianMs: median(unknown),
        auc: rocAuc(exists, unknown),
      });
    }
    return results;
  } finally {
    await server.close();
    if (databaseUrl) {
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => pool.end());
    }
  }
}

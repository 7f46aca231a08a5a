/**
 * SQL statements per hot path, counted on the real server through a client that logs
 * every statement the adapter sends. The counts are exact, so an added round trip fails
 * here; the log is printed so a reader sees which statements a path costs.
 */
import { createTestAuth, signedInUser } from '@portcullis/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlClient } from '../src/index.ts';
import { createPostgresRepositories } from '../src/index.ts';
import type { TestDatabase } from './databases.ts';
import { databaseUrl, openServerDatabase } from './databases.ts';

let db: TestDatabase;
const statements: string[] = [];
const counting: SqlClient = {
  query(text, values) {
    statements.push(text.replace(/\s+/g, ' ').replace(/"pc_test_\w+"\./g, ''));
    return db.pool.query(text, values);
  },
};

beforeAll(async () => {
  db = await openServerDatabase();
});
afterAll(() => db.close());

async function counted(run: () => Promise<unknown>, label: string): Promise<string[]> {
  statements.length = 0;
  await run();
  const sent = [...statements];
  console.log(`${label}: ${sent.length} statement(s)\n  ${sent.join('\n  ')}`);
  return sent;
}

function harness() {
  return createTestAuth({ repos: createPostgresRepositories(counting, { schema: db.schema }) });
}

describe('SQL round trips per request on PostgreSQL', () => {
  it('sign-in: find the user, check for a second factor, insert the session', async () => {
    const h = harness();
    const { email, password } = await signedInUser(h);
    const sent = await counted(() => h.auth.signIn({ email, password }), 'sign-in');
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/^SELECT .* FROM users WHERE email_key = \$1/);
    // Only after the password matched: does this user owe a second factor (by user_id index)?
    expect(sent[1]).toMatch(/^SELECT .* FROM mfa_totp_factors WHERE user_id = \$1/);
    // The insert carries the user-status check (a ban is final) in the same statement.
    expect(sent[2]).toMatch(/^WITH owner AS \(.*FOR SHARE \) INSERT INTO sessions /);
  });

  it('an unknown email costs the same single lookup as a known one', async () => {
    const h = harness();
    await h.auth.signIn({ email: 'warm@example.com', password: 'not this one' });
    const sent = await counted(
      () => h.auth.signIn({ email: 'nobody@example.com', password: 'not this one' }),
      'sign-in, unknown email',
    );
    expect(sent).toHaveLength(1);
  });

  it('refresh: the token joined with its session, then the rotation in one statement', async () => {
    const h = harness();
    const { refreshToken } = await signedInUser(h);
    let outcome: unknown;
    const sent = await counted(async () => {
      outcome = await h.auth.rotateRefreshToken({ refreshToken });
    }, 'refresh');
    expect(outcome).toMatchObject({ ok: true });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(
      /FROM refresh_tokens rt LEFT JOIN sessions s ON s\.id = rt\.session_id/,
    );
    expect(sent[1]).toMatch(/^WITH /);
  });

  it('bearer request (strict): one read of the session by primary key', async () => {
    const h = harness();
    const { session, userId } = await signedInUser(h);
    const { token } = await h.auth.internal.issueAccessToken({
      userId,
      sessionId: session.id,
      aal: 'aal1',
    });
    let outcome: unknown;
    const sent = await counted(async () => {
      outcome = await h.auth.authenticate({ accessToken: token });
    }, 'bearer request');
    expect(outcome).toMatchObject({ ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^SELECT .* FROM sessions WHERE id = \$1$/);
  });

  it('cookie request: one read, plus a touch at most once per touch interval', async () => {
    const h = harness();
    const { sessionToken } = await signedInUser(h);
    const fresh = await counted(() => h.auth.validateSession({ sessionToken }), 'cookie request');
    expect(fresh).toHaveLength(1);
    h.clock.advance(61);
    const touched = await counted(
      () => h.auth.validateSession({ sessionToken }),
      'cookie request after the touch interval',
    );
    expect(touched).toHaveLength(2);
    expect(touched[1]).toMatch(/^UPDATE sessions SET last_used_at/);
  });

  it('the session read is an index scan on the primary key, whatever the table size', async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      // With sequential scans priced out, the plan names an index only if one serves `id`.
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT * FROM "${db.schema}".sessions WHERE id = $1`,
        ['some-session-id'],
      );
      const text = plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
      expect(text).toMatch(/Index (Only )?Scan using sessions_pkey/);
    } finally {
      await client.end();
    }
  });
});

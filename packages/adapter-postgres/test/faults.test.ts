/**
 * Connection faults on the real server. A statement is made to wait on a lock held by
 * another connection (so it is provably still running, sometimes after it has already
 * written part of its work), then its backend is killed from the server side. The adapter
 * must surface a typed `StorageError`, the database must hold none of the dying
 * statement's writes, and the same pool must serve the next call.
 */
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import {
  aRefreshToken,
  aSession,
  atMinute,
  aUser,
  aVerificationToken,
  givenFamily,
  uniqueTag,
} from '@portcullis/adapter-tests';
import type { RefreshTokenRecord } from '@portcullis/core';
import { StorageError } from '@portcullis/core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresRepositories } from '../src/index.ts';
import { blockedBackend, cancel, terminate } from './blocked-backend.ts';
import type { TestDatabase } from './databases.ts';
import { databaseUrl, openServerDatabase } from './databases.ts';
import type { Settled } from './race.ts';
import { race, settle } from './race.ts';

const FAULT_TIMEOUT_MS = 30_000;

let db: TestDatabase;
/** Reads pg_stat_activity and kills backends. */
let observer: pg.Client;
/** Holds the lock the statement under test waits on; one per test. */
let locker: pg.Client;

beforeAll(async () => {
  db = await openServerDatabase({ max: 5 });
  // Without a listener, a pooled client that dies while idle would crash the process (see
  // the last test). Killed busy clients report through their statement instead.
  db.pool.on('error', () => undefined);
  observer = new pg.Client(databaseUrl());
  await observer.connect();
});

afterAll(async () => {
  await observer.end();
  await db.close();
});

beforeEach(async () => {
  locker = new pg.Client(databaseUrl());
  await locker.connect();
});

afterEach(async () => {
  // Ending the session rolls back whatever the test left open.
  await locker.end();
});

function table(name: string): string {
  return `"${db.schema}".${name}`;
}

/** The outcome was a StorageError for the driver condition `sqlState`, quoting no secret. */
function expectStorageError(outcome: Settled<unknown>, sqlState: string, secrets: string[]) {
  if (!('error' in outcome)) throw new Error('expected the call to fail');
  const { error } = outcome;
  expect(error).toBeInstanceOf(StorageError);
  if (!(error instanceof StorageError)) return;
  expect(error.code).toBe('STORAGE_FAILURE');
  expect((error.cause as { code?: unknown }).code).toBe(sqlState);
  for (const secret of secrets) expect(error.message).not.toContain(secret);
}

/** Row-locking from a third connection fails at once: the blocked statement holds the row. */
async function expectRowHeldByBlockedStatement(query: string, values: unknown[]) {
  await expect(observer.query(`${query} FOR UPDATE NOWAIT`, values)).rejects.toMatchObject({
    code: '55P03', // lock_not_available
  });
}

async function insertHeldOpen(record: RefreshTokenRecord) {
  await locker.query(
    `INSERT INTO ${table('refresh_tokens')}
      (token_hash, session_id, user_id, created_at, expires_at, family_expires_at)
      VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      record.tokenHash,
      record.sessionId,
      record.userId,
      record.createdAt,
      record.expiresAt,
      record.familyExpiresAt,
    ],
  );
}

describe('refresh-token rotation killed mid-statement', () => {
  /**
   * What the locker holds. The presented row: rotate's UPDATE waits before claiming it.
   * An uncommitted row with the successor's key: rotate's INSERT waits, after its UPDATE
   * has already marked the presented token rotated.
   */
  type Hold = 'presented row' | 'successor key';
  const cases: readonly {
    name: string;
    hold: Hold;
    stop: typeof terminate;
    sqlState: string;
  }[] = [
    {
      name: 'terminated while waiting for the row: StorageError, token still live, no successor',
      hold: 'presented row',
      stop: terminate,
      sqlState: '57P01', // admin_shutdown
    },
    {
      name: 'terminated after claiming the old row, while inserting the successor: the claim is undone',
      hold: 'successor key',
      stop: terminate,
      sqlState: '57P01',
    },
    {
      name: 'cancelled after claiming the old row: StorageError, the claim is undone',
      hold: 'successor key',
      stop: cancel,
      sqlState: '57014', // query_canceled
    },
  ];

  it.each(cases)(
    '$name',
    async ({ hold, stop, sqlState }) => {
      const { owner, token } = await givenFamily(db.repos);
      const successor = aRefreshToken(owner);
      await locker.query('BEGIN');
      if (hold === 'presented row') {
        await locker.query(
          `SELECT 1 FROM ${table('refresh_tokens')} WHERE token_hash = $1 FOR UPDATE`,
          [token.tokenHash],
        );
      } else {
        await insertHeldOpen(successor);
      }

      const outcome = settle(
        db.repos.refreshTokens.rotate(token.tokenHash, successor, atMinute(1)),
      );
      const pid = await blockedBackend(observer, db.schema, 'refresh_tokens');
      if (hold === 'successor key') {
        // The statement is past its UPDATE: it holds the presented row.
        await expectRowHeldByBlockedStatement(
          `SELECT 1 FROM ${table('refresh_tokens')} WHERE token_hash = $1`,
          [token.tokenHash],
        );
      }
      await stop(observer, pid);

      expectStorageError(await outcome, sqlState, [token.tokenHash, successor.tokenHash]);
      await locker.query('ROLLBACK');
      expect(await db.repos.refreshTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(await db.repos.refreshTokens.findByHash(successor.tokenHash)).toBeNull();
      // The same pool serves the next rotation of the same token, to the same successor.
      expect(await db.repos.refreshTokens.rotate(token.tokenHash, successor, atMinute(2))).toEqual({
        ok: true,
      });
      expect(await db.repos.refreshTokens.findByHash(successor.tokenHash)).toEqual(successor);
    },
    FAULT_TIMEOUT_MS,
  );
});

describe('ending a session killed mid-statement', () => {
  /** The session row (the DELETE waits) or a family token (the UPDATE waits). */
  const holds = [
    { name: 'holding the session row', lock: 'sessions', key: 'id' },
    { name: 'holding a token of its family', lock: 'refresh_tokens', key: 'session_id' },
  ] as const;

  it.each(holds)(
    'terminated while $name: the session and its live family are both still there',
    async ({ lock, key }) => {
      const { session, owner, token } = await givenFamily(db.repos);
      const second = aRefreshToken(owner);
      await db.repos.refreshTokens.create(second);
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM ${table(lock)} WHERE ${key} = $1 LIMIT 1 FOR UPDATE`, [
        session.id,
      ]);

      const outcome = settle(db.repos.sessions.end(session.id, atMinute(1)));
      await terminate(observer, await blockedBackend(observer, db.schema, 'revoked AS'));

      expectStorageError(await outcome, '57P01', [token.tokenHash, second.tokenHash]);
      await locker.query('ROLLBACK');
      expect(await db.repos.sessions.findById(session.id)).toEqual(session);
      expect(await db.repos.refreshTokens.findByHash(token.tokenHash)).toEqual(token);
      expect(await db.repos.refreshTokens.findByHash(second.tokenHash)).toEqual(second);
      // The same pool then ends both at once.
      expect(await db.repos.sessions.end(session.id, atMinute(2))).toBe(true);
      expect(await db.repos.sessions.findById(session.id)).toBeNull();
      expect((await db.repos.refreshTokens.findByHash(second.tokenHash))?.revokedAt).toEqual(
        atMinute(2),
      );
    },
    FAULT_TIMEOUT_MS,
  );
});

describe('permanent user deletion killed mid-cascade', () => {
  async function everythingOf(userId: string) {
    const rows = async (name: string, order: string) =>
      (await db.pool.query(`SELECT * FROM ${table(name)} WHERE ${order} ORDER BY 1`, [userId]))
        .rows;
    return {
      users: await rows('users', 'id = $1'),
      sessions: await rows('sessions', 'user_id = $1'),
      refreshTokens: await rows('refresh_tokens', 'user_id = $1'),
      verificationTokens: await rows('verification_tokens', 'user_id = $1'),
    };
  }

  it(
    'terminated: the user and all their sessions and tokens are still there',
    async () => {
      const { user, owner } = await givenFamily(db.repos);
      const second = aSession(user.id);
      await db.repos.sessions.create(second);
      await db.repos.refreshTokens.create(aRefreshToken({ sessionId: second.id, userId: user.id }));
      await db.repos.refreshTokens.create(aRefreshToken(owner));
      await db.repos.verificationTokens.replace(aVerificationToken(user.id));
      await db.repos.verificationTokens.replace(
        aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' }),
      );
      const before = await everythingOf(user.id);
      expect(before.sessions).toHaveLength(2);
      expect(before.refreshTokens).toHaveLength(3);
      expect(before.verificationTokens).toHaveLength(2);

      // Hold one of the user's verification tokens: the DELETE removes the user row, then
      // blocks in its ON DELETE CASCADE when it reaches that row, its work half done.
      await locker.query('BEGIN');
      await locker.query(
        `SELECT 1 FROM ${table('verification_tokens')} WHERE user_id = $1 AND purpose = 'password_reset' FOR UPDATE`,
        [user.id],
      );
      const outcome = settle(db.repos.users.delete(user.id));
      const pid = await blockedBackend(observer, db.schema, 'DELETE FROM');
      await expectRowHeldByBlockedStatement(`SELECT 1 FROM ${table('users')} WHERE id = $1`, [
        user.id,
      ]);
      await terminate(observer, pid);

      expectStorageError(await outcome, '57P01', []);
      await locker.query('ROLLBACK');
      expect(await everythingOf(user.id)).toEqual(before);

      // The same pool then deletes everything.
      expect(await db.repos.users.delete(user.id)).toBe('deleted');
      expect(await everythingOf(user.id)).toEqual({
        users: [],
        sessions: [],
        refreshTokens: [],
        verificationTokens: [],
      });
    },
    FAULT_TIMEOUT_MS,
  );
});

describe('idle pooled connections killed by the server', () => {
  it(
    "the pool reports them on its 'error' event, drops them and reconnects",
    async () => {
      const applicationName = `pc_faults_${uniqueTag().slice(0, 12)}`;
      const pool = new pg.Pool({
        connectionString: databaseUrl(),
        max: 3,
        application_name: applicationName,
      });
      const errors: Error[] = [];
      pool.on('error', (error) => void errors.push(error));
      try {
        const repos = createPostgresRepositories(pool, { schema: db.schema });
        await race(3, () => pool.query('SELECT 1'));
        expect(pool.idleCount).toBe(3);

        const killed = await observer.query(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1`,
          [applicationName],
        );
        expect(killed.rows).toEqual([{ ended: true }, { ended: true }, { ended: true }]);
        for (let poll = 0; poll < 500 && pool.totalCount > 0; poll++) await delay(10);

        expect(pool.totalCount).toBe(0);
        expect(errors).toHaveLength(3);
        for (const error of errors) expect(error).toMatchObject({ code: '57P01' });
        const user = aUser();
        expect(await repos.users.create(user)).toEqual(user);
      } finally {
        await pool.end();
      }
    },
    FAULT_TIMEOUT_MS,
  );

  it(
    "without an 'error' listener the same kill crashes the process (why apps must add one)",
    async () => {
      const applicationName = `pc_crash_${uniqueTag().slice(0, 12)}`;
      // A separate process, so the crash is observed rather than suffered.
      const script = `
      import pg from 'pg';
      const pool = new pg.Pool({ connectionString: process.env.URL, application_name: process.env.APP });
      await pool.query('SELECT 1');
      console.log('ready');
      setTimeout(() => { console.log('survived'); process.exit(0); }, 10000);
    `;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd: new URL('..', import.meta.url),
        env: { ...process.env, URL: databaseUrl(), APP: applicationName },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
      });
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      for (let poll = 0; poll < 500 && !stdout.includes('ready'); poll++) await delay(10);
      expect(stdout).toContain('ready');

      await observer.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );

      expect(await exited).not.toBe(0);
      expect(stdout).not.toContain('survived');
      expect(stderr).toContain('terminating connection due to administrator command');
    },
    FAULT_TIMEOUT_MS,
  );
});

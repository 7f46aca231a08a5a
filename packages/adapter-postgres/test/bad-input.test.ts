/**
 * Hostile values at the repository boundary, on the real server and on PGlite alike:
 * SQL metacharacters are data (bound parameters, never spliced), values PostgreSQL cannot
 * store (NUL, lone surrogates, keys past the btree limit) are refused as `InputError` with
 * nothing written, and nothing a client can put in a cursor gets past `InputError`.
 */
import { randomBytes } from 'node:crypto';
import {
  aRefreshToken,
  aSession,
  atMinute,
  aUser,
  aVerificationToken,
  givenFamily,
  uniqueTag,
} from '@portcullis/adapter-tests';
import type { InputProblem, RefreshTokenRecord, Repositories, UserRecord } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { encodeCursor } from '@portcullis/core/adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { present } from './race.ts';
import type { SqlSubject } from './subjects.ts';
import { OPEN_TIMEOUT_MS, subjects } from './subjects.ts';

const BAD_INPUT_TIMEOUT_MS = 60_000;

const HOSTILE = [
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '"; DROP SCHEMA portcullis CASCADE; --',
  '%',
  '_',
  '%_%',
  '\\',
  "\\'",
  '$1',
  '$2::text',
  '$$ $1 $$',
  "''",
  '"',
  '`',
  '/* -- */',
  "E'\\x41'",
  '😀 emoji',
] as const;

/** `length` random lower-case hex characters: incompressible, so TOAST cannot shrink it. */
function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}

async function expectInputError(call: Promise<unknown>, problem: InputProblem): Promise<void> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  if (!(error instanceof InputError)) return;
  expect(error.code).toBe('INPUT_INVALID');
  expect(error.issues.map((issue) => issue.problem)).toContain(problem);
}

for (const subject of subjects) {
  describe(`bad input on ${subject.name}`, () => {
    let db: SqlSubject;
    let repos: Repositories;

    beforeAll(async () => {
      db = await subject.open();
      repos = db.repos;
    }, OPEN_TIMEOUT_MS);

    afterAll(async () => {
      await db.close();
    });

    /** A digest of every row of every table: equal before and after means nothing was written. */
    async function fingerprint(): Promise<Record<string, unknown>[]> {
      const digests = [];
      for (const table of ['users', 'sessions', 'refresh_tokens', 'verification_tokens']) {
        digests.push(
          ...(await db.rows(
            `SELECT '${table}' AS t, count(*)::int AS n,
                    md5(coalesce(string_agg(md5(x::text), '' ORDER BY md5(x::text)), '')) AS h
               FROM ${db.schema}.${table} x`,
          )),
        );
      }
      return digests;
    }

    async function givenUserWithEverything() {
      const { user, session, token } = await givenFamily(repos);
      const code = aVerificationToken(user.id);
      await repos.verificationTokens.replace(code);
      const link = aVerificationToken(user.id, { purpose: 'password_reset', kind: 'link' });
      await repos.verificationTokens.replace(link);
      return { user, session, token, code, link };
    }

    it(
      'SQL metacharacters in ids, emails, metadata and user agents round-trip unchanged',
      async () => {
        for (const hostile of HOSTILE) {
          const tag = uniqueTag();
          const user = aUser({
            id: `${hostile}|${tag}`,
            email: `${hostile}${tag}@Example.test`,
            passwordHash: hostile,
            banReason: hostile,
            metadata: { [hostile]: hostile, nested: [hostile, { [hostile]: [hostile] }] },
          });
          expect(await repos.users.create(user)).toEqual(user);
          expect(await repos.users.findById(user.id)).toEqual(user);
          expect(await repos.users.findByEmailKey(user.emailKey)).toEqual(user);
          const patch = { banReason: `${hostile}${hostile}`, metadata: { [tag]: hostile } };
          expect(await repos.users.update(user.id, { ...patch, updatedAt: atMinute(1) })).toEqual({
            ...user,
            ...patch,
            updatedAt: atMinute(1),
          });

          const session = aSession(user.id, {
            id: `${hostile}#${tag}`,
            secretHash: hostile,
            ip: hostile,
            userAgent: hostile,
          });
          await repos.sessions.create(session);
          expect(await repos.sessions.findById(session.id)).toEqual(session);
          expect(await repos.sessions.listByUser(user.id)).toEqual([session]);

          const owner = { sessionId: session.id, userId: user.id };
          const token = aRefreshToken(owner, { tokenHash: `${hostile}~${tag}` });
          const successor = aRefreshToken(owner, { tokenHash: `${hostile}^${tag}` });
          await repos.refreshTokens.create(token);
          expect(await repos.refreshTokens.findByHash(token.tokenHash)).toEqual(token);
          expect(await repos.refreshTokens.rotate(token.tokenHash, successor, atMinute(1))).toEqual(
            {
              ok: true,
            },
          );
          expect(await repos.refreshTokens.findByHash(successor.tokenHash)).toEqual(successor);

          const link = aVerificationToken(user.id, {
            id: `${hostile}!${tag}`,
            purpose: 'password_reset',
            kind: 'link',
            secretHash: `${hostile}?${tag}`,
            email: hostile,
          });
          await repos.verificationTokens.replace(link);
          expect(await repos.verificationTokens.findLatest(user.id, 'password_reset')).toEqual(
            link,
          );
          expect(
            await repos.verificationTokens.consume('password_reset', link.secretHash, atMinute(1)),
          ).toEqual({ ...link, consumedAt: atMinute(1) });
        }
        // Nothing was dropped or truncated along the way.
        const counts = await db.rows(
          `SELECT (SELECT count(*)::int FROM ${db.schema}.users WHERE id LIKE '%|%') AS users,
                (SELECT count(*)::int FROM ${db.schema}.refresh_tokens WHERE token_hash LIKE '%^%') AS successors`,
        );
        expect(counts).toEqual([{ users: HOSTILE.length, successors: HOSTILE.length }]);
      },
      BAD_INPUT_TIMEOUT_MS,
    );

    it(
      'metacharacters in lookups match only the identical value, never other rows',
      async () => {
        const tag = uniqueTag();
        const keyed = async (middle: string) =>
          present(await repos.users.create(aUser({ email: `v${tag}${middle}@example.test` })));
        const plain = await keyed('ab');
        const digit = await keyed('a1b');
        const percent = await keyed('a%b');
        const underscore = await keyed('a_b');
        const { user, session, token, link } = await givenUserWithEverything();
        const before = await fingerprint();

        expect(await repos.users.findByEmailKey(`v${tag}a_b@example.test`)).toEqual(underscore);
        expect(await repos.users.findByEmailKey(`v${tag}a%b@example.test`)).toEqual(percent);
        for (const key of [
          `v${tag}%`,
          `v${tag}%@example.test`,
          `v${tag}a__b@example.test`,
          `v${tag}ab@example.test' OR '1'='1`,
          `v${tag}a\\%b@example.test`,
          '%',
          '_',
          "' OR '1'='1",
        ]) {
          expect(await repos.users.findByEmailKey(key)).toBeNull();
        }
        const listed = async (emailContains: string) =>
          (await repos.users.list({ emailContains, limit: 10 })).users.map((found) => found.id);
        expect(await listed(`v${tag}a%b`)).toEqual([percent.id]);
        expect(await listed(`v${tag}a_b`)).toEqual([underscore.id]);
        expect(await listed(`${tag}%`)).toEqual([]);
        expect(await listed(`${tag}_`)).toEqual([]);
        expect(await listed(`v${tag}a\\`)).toEqual([]);
        expect((await listed(`v${tag}a`)).sort()).toEqual(
          [plain.id, digit.id, percent.id, underscore.id].sort(),
        );

        const wildcards = (value: string) => [
          '%',
          '_',
          `${value.slice(0, 8)}%`,
          `${value.slice(0, -1)}_`,
        ];
        for (const id of wildcards(user.id)) {
          expect(await repos.users.findById(id)).toBeNull();
          expect(
            await repos.users.update(id, { banReason: 'x', updatedAt: atMinute(1) }),
          ).toBeNull();
          expect(await repos.users.delete(id)).toBe('missing');
          expect(await repos.users.replacePasswordHash(user.id, id, 'next', atMinute(1))).toBe(
            false,
          );
        }
        for (const id of wildcards(session.id)) {
          expect(await repos.sessions.findById(id)).toBeNull();
          expect(await repos.sessions.listByUser(id)).toEqual([]);
          expect(await repos.sessions.end(id, atMinute(1))).toBe(false);
          expect(await repos.sessions.endByUser(id, atMinute(1))).toBe(0);
        }
        for (const hash of wildcards(token.tokenHash)) {
          expect(await repos.refreshTokens.findByHash(hash)).toBeNull();
          const next = aRefreshToken({ sessionId: session.id, userId: user.id });
          expect(await repos.refreshTokens.rotate(hash, next, atMinute(1))).toEqual({
            ok: false,
            current: null,
          });
        }
        for (const value of [...wildcards(link.secretHash), ...wildcards(link.id)]) {
          expect(
            await repos.verificationTokens.consume('password_reset', value, atMinute(1)),
          ).toBeNull();
          const guess = { id: value, secretHash: value, maxAttempts: 5, now: atMinute(1) };
          expect(await repos.verificationTokens.attempt(guess)).toEqual({ status: 'unavailable' });
          expect(await repos.verificationTokens.findLatest(value, 'password_reset')).toBeNull();
          await repos.verificationTokens.deleteByUser(value, 'password_reset');
        }
        expect(await fingerprint()).toEqual(before);
      },
      BAD_INPUT_TIMEOUT_MS,
    );

    it(
      'NUL (U+0000) in any string field or lookup: InputError, nothing written',
      async () => {
        const { user, session, token, code, link } = await givenUserWithEverything();
        const owner = { sessionId: session.id, userId: user.id };
        const nul = 'nul\u0000byte';
        const next = (overrides: Partial<RefreshTokenRecord> = {}) =>
          aRefreshToken(owner, overrides);
        const now = atMinute(1);
        const patch = (fields: Partial<UserRecord>) => ({ ...fields, updatedAt: now });
        const calls: [string, () => Promise<unknown>][] = [
          ['users.create id', () => repos.users.create(aUser({ id: nul }))],
          ['users.create email', () => repos.users.create(aUser({ email: `${nul}@example.test` }))],
          ['users.create passwordHash', () => repos.users.create(aUser({ passwordHash: nul }))],
          ['users.create banReason', () => repos.users.create(aUser({ banReason: nul }))],
          [
            'users.create metadata value',
            () => repos.users.create(aUser({ metadata: { a: nul } })),
          ],
          [
            'users.create metadata key',
            () => repos.users.create(aUser({ metadata: { [nul]: 1 } })),
          ],
          [
            'users.create nested metadata',
            () => repos.users.create(aUser({ metadata: { a: [{ b: [nul] }] } })),
          ],
          ['users.findById', () => repos.users.findById(nul)],
          ['users.findByEmailKey', () => repos.users.findByEmailKey(nul)],
          ['users.update email', () => repos.users.update(user.id, patch({ email: nul }))],
          ['users.update banReason', () => repos.users.update(user.id, patch({ banReason: nul }))],
          [
            'users.update metadata',
            () => repos.users.update(user.id, patch({ metadata: { ok: 'fine', bad: nul } })),
          ],
          ['users.update id', () => repos.users.update(nul, patch({ banReason: 'x' }))],
          [
            'users.replacePasswordHash next',
            () => repos.users.replacePasswordHash(user.id, present(user.passwordHash), nul, now),
          ],
          [
            'users.replacePasswordHash expected',
            () => repos.users.replacePasswordHash(user.id, nul, 'next', now),
          ],
          ['users.list emailContains', () => repos.users.list({ emailContains: nul, limit: 5 })],
          [
            'users.list cursor',
            () => repos.users.list({ cursor: encodeCursor({ createdAtMs: 0, id: nul }), limit: 5 }),
          ],
          ['users.delete', () => repos.users.delete(nul)],
          ['sessions.create id', () => repos.sessions.create(aSession(user.id, { id: nul }))],
          ['sessions.create userId', () => repos.sessions.create(aSession(nul))],
          [
            'sessions.create secretHash',
            () => repos.sessions.create(aSession(user.id, { secretHash: nul })),
          ],
          ['sessions.create ip', () => repos.sessions.create(aSession(user.id, { ip: nul }))],
          [
            'sessions.create userAgent',
            () => repos.sessions.create(aSession(user.id, { userAgent: nul })),
          ],
          ['sessions.findById', () => repos.sessions.findById(nul)],
          ['sessions.listByUser', () => repos.sessions.listByUser(nul)],
          ['sessions.touch', () => repos.sessions.touch(nul, now)],
          ['sessions.end', () => repos.sessions.end(nul, now)],
          // An except-id the server cannot compare must not turn into "end them all".
          ['sessions.endByUser exceptId', () => repos.sessions.endByUser(user.id, now, nul)],
          [
            'refreshTokens.create tokenHash',
            () => repos.refreshTokens.create(next({ tokenHash: nul })),
          ],
          [
            'refreshTokens.create sessionId',
            () => repos.refreshTokens.create(next({ sessionId: nul })),
          ],
          ['refreshTokens.create userId', () => repos.refreshTokens.create(next({ userId: nul }))],
          ['refreshTokens.findByHash', () => repos.refreshTokens.findByHash(nul)],
          ['refreshTokens.rotate old', () => repos.refreshTokens.rotate(nul, next(), now)],
          // The live token must not be claimed when its successor cannot be stored.
          [
            'refreshTokens.rotate successor hash',
            () => repos.refreshTokens.rotate(token.tokenHash, next({ tokenHash: nul }), now),
          ],
          [
            'refreshTokens.rotate successor session',
            () => repos.refreshTokens.rotate(token.tokenHash, next({ sessionId: nul }), now),
          ],
          // A replacement that cannot be stored must not delete the live code it replaces.
          [
            'verificationTokens.replace id',
            () => repos.verificationTokens.replace(aVerificationToken(user.id, { id: nul })),
          ],
          [
            'verificationTokens.replace secretHash',
            () =>
              repos.verificationTokens.replace(aVerificationToken(user.id, { secretHash: nul })),
          ],
          [
            'verificationTokens.replace email',
            () => repos.verificationTokens.replace(aVerificationToken(user.id, { email: nul })),
          ],
          [
            'verificationTokens.findLatest',
            () => repos.verificationTokens.findLatest(nul, 'email_verification'),
          ],
          [
            'verificationTokens.attempt',
            () =>
              repos.verificationTokens.attempt({
                id: nul,
                secretHash: nul,
                maxAttempts: 5,
                now,
              }),
          ],
          [
            'verificationTokens.consume',
            () => repos.verificationTokens.consume('password_reset', nul, now),
          ],
          [
            'verificationTokens.deleteByUser',
            () => repos.verificationTokens.deleteByUser(nul, 'password_reset'),
          ],
        ];
        const before = await fingerprint();
        for (const [name, call] of calls) {
          await expectInputError(call(), 'control_character').catch((error: unknown) => {
            throw new Error(`${name}: ${String(error)}`);
          });
          expect(await fingerprint(), name).toEqual(before);
        }
        // The fixtures are untouched and still usable.
        expect(await repos.refreshTokens.findByHash(token.tokenHash)).toEqual(token);
        expect(await repos.verificationTokens.findLatest(user.id, 'email_verification')).toEqual(
          code,
        );
        expect(
          await repos.verificationTokens.consume('password_reset', link.secretHash, now),
        ).toEqual({ ...link, consumedAt: now });
      },
      BAD_INPUT_TIMEOUT_MS,
    );

    it(
      'lone UTF-16 surrogates: InputError, never stored as U+FFFD to collide with another key',
      async () => {
        // Drivers encode a lone surrogate as U+FFFD, so two different JavaScript strings would
        // become one stored key; the adapter refuses them like NUL instead.
        const tag = uniqueTag();
        const user = aUser({ email: `s${tag}\uD800@example.test` });
        const before = await fingerprint();
        await expectInputError(repos.users.create(user), 'control_character');
        await expectInputError(
          repos.users.findByEmailKey(`s${tag}\uDBFF@example.test`),
          'control_character',
        );
        await expectInputError(repos.users.findById('\uDC00'), 'control_character');
        await expectInputError(
          repos.sessions.create(aSession(user.id, { userAgent: 'agent \uDFFF' })),
          'control_character',
        );
        expect(await fingerprint()).toEqual(before);
        // jsonb refuses an escaped lone surrogate itself (JSON.stringify escapes it).
        await expectInputError(
          repos.users.create(aUser({ metadata: { a: '\uD800' } })),
          'invalid_format',
        );
        expect(await fingerprint()).toEqual(before);
      },
      BAD_INPUT_TIMEOUT_MS,
    );

    it(
      'multi-megabyte values: round-trip where unindexed, too_long where indexed, lookups null',
      async () => {
        const { user, session, token, link } = await givenUserWithEverything();
        const owner = { sessionId: session.id, userId: user.id };
        const fiveMegabytes = randomHex(5 * 1024 * 1024);
        const threeMegabytes = randomHex(3 * 1024 * 1024);

        // PostgreSQL's btree cannot hold an index entry this large (SQLSTATE 54000).
        const before = await fingerprint();
        const tooLong: [string, () => Promise<unknown>][] = [
          [
            'users.create email_key',
            () => repos.users.create(aUser({ email: `${threeMegabytes}@example.test` })),
          ],
          [
            'sessions.create id',
            () => repos.sessions.create(aSession(user.id, { id: threeMegabytes })),
          ],
          // The claim of the live token is undone with the failed insert of its successor.
          [
            'refreshTokens.rotate successor',
            () =>
              repos.refreshTokens.rotate(
                token.tokenHash,
                aRefreshToken(owner, { tokenHash: threeMegabytes }),
                atMinute(1),
              ),
          ],
          [
            'verificationTokens.replace secretHash',
            () =>
              repos.verificationTokens.replace(
                aVerificationToken(user.id, { secretHash: threeMegabytes }),
              ),
          ],
        ];
        for (const [name, call] of tooLong) {
          await expectInputError(call(), 'too_long').catch((error: unknown) => {
            throw new Error(`${name}: ${String(error)}`);
          });
          expect(await fingerprint(), name).toEqual(before);
        }
        expect(await repos.refreshTokens.findByHash(token.tokenHash)).toEqual(token);
        expect(await repos.verificationTokens.findLatest(user.id, 'password_reset')).toEqual(link);

        // Unindexed columns take them whole.
        const agent = aSession(user.id, { userAgent: fiveMegabytes });
        await repos.sessions.create(agent);
        // Compared as booleans so a failure does not print five megabytes.
        expect((await repos.sessions.findById(agent.id))?.userAgent === fiveMegabytes).toBe(true);
        const banned = await repos.users.update(user.id, {
          banReason: fiveMegabytes,
          updatedAt: atMinute(1),
        });
        expect(banned?.banReason === fiveMegabytes).toBe(true);
        expect((await repos.users.findById(user.id))?.banReason === fiveMegabytes).toBe(true);

        expect(await repos.users.findById(fiveMegabytes)).toBeNull();
        expect(await repos.users.findByEmailKey(fiveMegabytes)).toBeNull();
        expect(await repos.users.list({ emailContains: fiveMegabytes, limit: 5 })).toEqual({
          users: [],
          nextCursor: null,
        });
        expect(await repos.sessions.findById(fiveMegabytes)).toBeNull();
        expect(await repos.refreshTokens.findByHash(fiveMegabytes)).toBeNull();
        expect(
          await repos.verificationTokens.consume('password_reset', fiveMegabytes, atMinute(1)),
        ).toBeNull();
        const huge = { id: fiveMegabytes, secretHash: fiveMegabytes, maxAttempts: 5 };
        expect(await repos.verificationTokens.attempt({ ...huge, now: atMinute(1) })).toEqual({
          status: 'unavailable',
        });
        expect(
          await repos.verificationTokens.findLatest(fiveMegabytes, 'password_reset'),
        ).toBeNull();
      },
      BAD_INPUT_TIMEOUT_MS,
    );

    it(
      'invalid cursors and limits: InputError, whatever the client sends',
      async () => {
        const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
        const cursors = [
          '',
          '!',
          '%',
          "'; DROP TABLE users; --",
          'abc=',
          'ab+/',
          base64url('no separator'),
          base64url(':id-without-time'),
          base64url('12:'),
          base64url('1.5:x'),
          base64url('01:x'),
          base64url('-0:x'),
          base64url('1e3:x'),
          base64url(' 1:x'),
          base64url('9007199254740993:x'),
          Buffer.from([0xff, 0xfe, 0x3a, 0x78]).toString('base64url'),
          'A'.repeat(1024 * 1024),
          // Well-formed cursors whose time no stored row can have: beyond the JavaScript Date
          // range, and before PostgreSQL's earliest timestamptz (4713 BC).
          encodeCursor({ createdAtMs: 8.64e15 + 1, id: 'x' }),
          encodeCursor({ createdAtMs: Number.MAX_SAFE_INTEGER, id: 'x' }),
          encodeCursor({ createdAtMs: -8.64e15, id: 'x' }),
          encodeCursor({ createdAtMs: Date.UTC(-5000, 0, 1), id: 'x' }),
        ];
        for (const cursor of cursors) {
          const error = await repos.users.list({ cursor, limit: 5 }).then(
            () => null,
            (caught: unknown) => caught,
          );
          expect(error, cursor.slice(0, 40)).toBeInstanceOf(InputError);
        }
        for (const limit of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
          await expectInputError(repos.users.list({ limit }), 'invalid_format');
        }
      },
      BAD_INPUT_TIMEOUT_MS,
    );
  });
}

/**
 * The real server's database for a file of race tests: a pool of 20 connections, so that
 * 100 racers queue on the pool and contend in PostgreSQL. Opened before the file's tests,
 * closed after them.
 */
import type { Repositories } from '@portcullis/core';
import { afterAll, beforeAll } from 'vitest';
import type { TestDatabase } from './databases.ts';
import { openServerDatabase } from './databases.ts';

export const RACE_TIMEOUT_MS = 60_000;

export interface RaceDatabase {
  readonly db: TestDatabase;
  readonly repos: Repositories;
  /** How many rows of `table` belong to `userId` (its `user_id` column). */
  countByUser(table: string, userId: string): Promise<number>;
}

export function useRaceDatabase(): RaceDatabase {
  let opened: TestDatabase | undefined;
  beforeAll(async () => {
    opened = await openServerDatabase({ max: 20 });
  }, RACE_TIMEOUT_MS);
  afterAll(async () => {
    await opened?.close();
  });
  const db = (): TestDatabase => {
    if (!opened) throw new Error('the race database is not open yet');
    return opened;
  };
  return {
    get db() {
      return db();
    },
    get repos() {
      return db().repos;
    },
    async countByUser(table, userId) {
      const { rows } = await db().pool.query(
        `SELECT count(*)::int AS n FROM "${db().schema}".${table} WHERE user_id = $1`,
        [userId],
      );
      return Number(rows[0]?.n);
    },
  };
}

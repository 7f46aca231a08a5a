#!/usr/bin/env node
/**
 * portcullis-prune — deletes what can never be presented again from the database at
 * DATABASE_URL: expired and idled-out sessions, refresh tokens of expired families,
 * expired verification tokens, audit events past their retention (core's `prune`). Run it
 * on a schedule, e.g. hourly.
 *
 *   DATABASE_URL=postgres://… portcullis-prune [--schema <name>] [--session-idle-ttl <seconds>]
 *     [--audit-retention <seconds>]
 *
 * `--audit-retention` should be the app's `auditLog.retention` (default 365 days, core's).
 * `--session-idle-ttl` must be the app's `session.idleTtl` (default 7 days, core's default):
 * a shorter value would end sessions the app still accepts. Safe to run from several jobs
 * at once. Exit status: 0 when done, 1 when pruning failed, 2 for a usage error.
 */
import { prune, safeEmitter, systemClock } from '@portcullis/core';
import { runPoolCommand } from './cli-run.ts';
import { createPostgresRepositories } from './index.ts';
import { DEFAULT_SCHEMA } from './schema.ts';

const DEFAULT_IDLE_TTL = 7 * 24 * 3600;
const DEFAULT_AUDIT_RETENTION = 365 * 24 * 3600;

interface PruneOptions {
  schema: string;
  idleTtl: number;
  auditRetention: number;
}

function parseArguments(args: readonly string[]): PruneOptions | null {
  const options = {
    schema: DEFAULT_SCHEMA,
    idleTtl: DEFAULT_IDLE_TTL,
    auditRetention: DEFAULT_AUDIT_RETENTION,
  };
  for (let index = 0; index < args.length; index += 2) {
    const [name, value] = [args[index], args[index + 1]];
    if (value === undefined) return null;
    if (name === '--schema') options.schema = value;
    else if (name === '--session-idle-ttl' && /^[1-9][0-9]{1,8}$/.test(value))
      options.idleTtl = Number(value);
    else if (name === '--audit-retention' && /^[1-9][0-9]{4,9}$/.test(value))
      options.auditRetention = Number(value);
    else return null;
  }
  return options;
}

process.exitCode = await runPoolCommand(
  {
    name: 'portcullis-prune',
    usage: '[--schema <name>] [--session-idle-ttl <seconds>] [--audit-retention <seconds>]',
    parse: parseArguments,
    run: async (pool, { schema, idleTtl, auditRetention }) => {
      const result = await prune({
        config: { session: { idleTtl }, auditLog: { retention: auditRetention } },
        repos: createPostgresRepositories(pool, { schema }),
        clock: systemClock,
        events: safeEmitter([]),
      });
      return `deleted ${result.sessions} sessions, ${result.refreshTokens} refresh tokens, ${result.verificationTokens} verification tokens, ${result.pendingSignUps} pending sign-ups, ${result.passkeyChallenges} passkey challenges, ${result.auditEvents} audit events from schema ${schema}`;
    },
  },
  process.argv.slice(2),
  process.env,
);

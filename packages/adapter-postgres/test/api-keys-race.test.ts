/**
 * API-key rotation and revocation raced on the real server through core: 100 concurrent
 * rotations of one key over a pool of 20 connections give it exactly one successor, and
 * 100 concurrent revocations record exactly one. The table agrees.
 */
import { createTestAuth, verifiedUser } from '@portcullis/core/testing';
import { describe, expect, it } from 'vitest';
import { race } from './race.ts';
import { RACE_TIMEOUT_MS, useRaceDatabase } from './race-database.ts';

const raceDb = useRaceDatabase();

const keysOf = (userId: string) => raceDb.countByUser('api_keys', userId);

describe('API keys, 100 racers on 20 connections', () => {
  it(
    'one key rotated 100 times at once gets exactly one successor',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos });
      const user = await verifiedUser(h);
      const owner = { userId: user.userId };
      const { apiKey, key } = await h.auth.createApiKey({ owner, name: 'raced' });

      const results = await race(100, () => h.auth.rotateApiKey({ owner, keyId: key.id }));

      const winners = results.flatMap((result) => (result.ok ? [result] : []));
      expect(winners).toHaveLength(1);
      expect(await keysOf(user.userId)).toBe(2);
      expect(h.eventCount('api_key.rotated')).toBe(1);
      // Both keys work inside the overlap window.
      expect((await h.auth.verifyApiKey({ apiKey })).ok).toBe(true);
      expect((await h.auth.verifyApiKey({ apiKey: winners[0]?.apiKey ?? '' })).ok).toBe(true);
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'one key revoked 100 times at once is revoked once, and refused after',
    async () => {
      const h = createTestAuth({ repos: raceDb.repos });
      const founder = await verifiedUser(h);
      const created = await h.auth.createOrganization({ userId: founder.userId, name: 'Raced' });
      if (!created.ok) throw new Error(created.reason);
      const owner = { organizationId: created.organization.id };
      const { apiKey, key } = await h.auth.createApiKey({ owner, name: 'raced' });

      const results = await race(100, () => h.auth.revokeApiKey({ owner, keyId: key.id }));

      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(h.eventCount('api_key.revoked')).toBe(1);
      expect(await h.auth.verifyApiKey({ apiKey })).toEqual({ ok: false, reason: 'revoked' });
    },
    RACE_TIMEOUT_MS,
  );
});

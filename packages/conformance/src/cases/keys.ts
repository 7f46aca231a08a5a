import { assert, type Case, collect, equal, rejection } from '../registry.ts';
import type { ConformanceTarget } from '../target.ts';

/** The secret every runtime derives keys from, so their keys can be compared. */
export const SHARED_SECRET = 'conformance: one secret shared by every runtime';

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** deriveKeys(SHARED_SECRET) as one hex string: server, access-token, rate-limit key. */
export async function derivedKeysHex({ core }: ConformanceTarget): Promise<string> {
  const keys = await core.deriveKeys(SHARED_SECRET);
  return [keys.serverSecret, keys.accessTokenSecret, keys.rateLimitSecret].map(hex).join('.');
}

/** Key derivation from one secret (HKDF-SHA256 on this runtime's WebCrypto). */
export function keyCases(target: ConformanceTarget): Case[] {
  const { core } = target;
  return collect('keys', (test) => {
    test('deriveKeys: three distinct 32-byte keys, the same for a string and its bytes', async () => {
      const keys = await core.deriveKeys(SHARED_SECRET);
      const parts = [keys.serverSecret, keys.accessTokenSecret, keys.rateLimitSecret].map(hex);
      assert(
        parts.every((part) => part.length === 64),
        'each key is 32 bytes',
      );
      equal(new Set(parts).size, 3, 'distinct keys');
      const fromBytes = await core.deriveKeys(new TextEncoder().encode(SHARED_SECRET));
      equal(hex(fromBytes.accessTokenSecret), parts[1], 'bytes and string agree');
      const other = await core.deriveKeys(`${SHARED_SECRET}!`);
      assert(hex(other.serverSecret) !== parts[0], 'another secret, other keys');
    });

    test('deriveKeys refuses a secret under 32 bytes', async () => {
      const error = await rejection(core.deriveKeys('x'.repeat(31)), 'short secret');
      equal(core.isAuthError(error, 'CONFIG_INVALID'), true, 'ConfigError');
    });

    for (const minted of target.minted ?? []) {
      test(`keys derived on ${minted.runtime} equal the keys derived here`, async () => {
        equal(minted.derivedKeys, await derivedKeysHex(target), 'derived keys');
      });
    }
  });
}

/**
 * Device tokens (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a client
 * that once signed in to an account gets a token naming that account, signed with the
 * limiter's secret. Presented again with the same email, it lets the request count in the
 * device's own bucket rather than the email's, which any stranger can drain. A token only
 * changes which bucket counts: it grants no access and skips no check.
 */

import type { RandomSource } from '../primitives/index.ts';
import { constantTimeEqual, hmacSha256Hex, randomToken } from '../primitives/index.ts';

/** `d1.<expiry, unix seconds in base 36>.<128-bit nonce>.<128-bit MAC>` */
const DEVICE_TOKEN = /^d1\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})\.([0-9a-f]{32})$/;

/** A signed device token and when it stops counting as one. */
export interface DeviceToken {
  readonly token: string;
  readonly expiresAt: Date;
}

function mac(secret: Uint8Array, emailKey: string, expiry: string, nonce: string) {
  // Bound to the account's email key: a token earned on one account is worthless for another.
  return hmacSha256Hex(secret, `device-token\n${emailKey}\n${expiry}\n${nonce}`).then((digest) =>
    digest.slice(0, 32),
  );
}

export async function signDeviceToken(
  secret: Uint8Array,
  random: RandomSource,
  emailKey: string,
  expiresAt: Date,
): Promise<DeviceToken> {
  const expiry = Math.floor(expiresAt.getTime() / 1000).toString(36);
  const nonce = randomToken(random, 128);
  const signature = await mac(secret, emailKey, expiry, nonce);
  return { token: `d1.${expiry}.${nonce}.${signature}`, expiresAt };
}

/**
 * The device's id (its nonce) when `token` is a live token signed for `emailKey`, else
 * `null`. Anything malformed, expired, forged or issued for another email is `null`: the
 * request is then counted like one from an unknown device.
 */
export async function deviceOf(
  secret: Uint8Array,
  token: unknown,
  emailKey: string,
  now: Date,
): Promise<string | null> {
  if (typeof token !== 'string') return null;
  const match = DEVICE_TOKEN.exec(token);
  if (!match) return null;
  const [, expiry = '', nonce = '', signature = ''] = match;
  if (Number.parseInt(expiry, 36) * 1000 <= now.getTime()) return null;
  const expected = await mac(secret, emailKey, expiry, nonce);
  return constantTimeEqual(expected, signature) ? nonce : null;
}

import { base64url, fromBase64url, randomToken, sha256Hex, utf8 } from '../primitives/index.ts';
import type { PasskeyCeremony, PasskeyChallengeRecord } from '../repos-passkeys.ts';
import type { PasskeyAssertionDeps, PasskeyOptionsDeps } from './deps.ts';
import { passkeySettings } from './settings.ts';

/** Challenge entropy: 256 bits (WebAuthn asks for at least 128). */
const CHALLENGE_BITS = 256;

/** Issues and stores a fresh challenge for `ceremony`; returns it (base64url). */
export async function issueChallenge(
  deps: PasskeyOptionsDeps,
  ceremony: PasskeyCeremony,
  userId: string | null,
): Promise<string> {
  const challenge = randomToken(deps.random, CHALLENGE_BITS);
  const now = deps.clock.now();
  const settings = passkeySettings(deps.config);
  await deps.repos.passkeys.saveChallenge({
    challengeHash: await sha256Hex(challenge),
    ceremony,
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + settings.challengeTtl * 1000),
  });
  return challenge;
}

/** The `challenge` a client says it signed, read from its clientDataJSON; `null` if none. */
function claimedChallenge(clientDataJSON: unknown): string | null {
  if (typeof clientDataJSON !== 'string' || clientDataJSON.length > 4096) return null;
  const bytes = fromBase64url(clientDataJSON.replace(/=+$/, ''));
  if (bytes === null) return null;
  try {
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed !== 'object' || parsed === null) return null;
    const challenge = (parsed as { challenge?: unknown }).challenge;
    return typeof challenge === 'string' && challenge.length <= 512 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * Spends the challenge a response claims, before anything else is checked: whatever the
 * outcome, that challenge can never be answered again. Returns it with its record, or
 * `null` when it is unknown, expired, used, or was issued for another ceremony.
 */
export async function spendChallenge(
  deps: Pick<PasskeyAssertionDeps, 'clock' | 'repos'>,
  clientDataJSON: unknown,
  ceremony: PasskeyCeremony,
): Promise<{ readonly challenge: string; readonly record: PasskeyChallengeRecord } | null> {
  const challenge = claimedChallenge(clientDataJSON);
  if (challenge === null) return null;
  const record = await deps.repos.passkeys.consumeChallenge(
    await sha256Hex(challenge),
    deps.clock.now(),
  );
  if (!record || record.ceremony !== ceremony) return null;
  return { challenge, record };
}

/** The WebAuthn user handle of a user: its id's UTF-8 bytes, base64url. */
export function userHandleOf(userId: string): string {
  return base64url(utf8(userId));
}

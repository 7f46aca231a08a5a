import type { DepsFor } from '../deps.ts';
import { randomDigits, randomId, randomToken, sha256Hex } from '../primitives/index.ts';
import type { VerificationPurpose } from '../repos.ts';
import { codeHash, LINK_TOKEN_BITS } from './verification-secrets.ts';

export type IssueSecretDeps = DepsFor<'config' | 'clock' | 'random', 'verificationTokens'>;

export interface IssueSecretInput {
  readonly userId: string;
  readonly purpose: VerificationPurpose;
  /** A 6-digit code a person types, or a 256-bit token for a link or an API hand-off. */
  readonly kind: 'code' | 'link';
  /** The address the secret is mailed to, or `null` when it is not mailed. */
  readonly email: string | null;
  /** Lifetime in seconds. */
  readonly ttl: number;
}

/**
 * Creates a single-use secret for the user and purpose, replacing any live one, and stores
 * only its hash (HMAC for codes, SHA-256 for tokens — see verification-secrets.ts). Returns
 * the secret, to be sent once and never stored.
 */
export async function issueSecret(
  deps: IssueSecretDeps,
  input: IssueSecretInput,
): Promise<{ secret: string; expiresAt: Date }> {
  const now = deps.clock.now();
  const code = input.kind === 'code';
  const secret = code ? randomDigits(deps.random, 6) : randomToken(deps.random, LINK_TOKEN_BITS);
  const expiresAt = new Date(now.getTime() + input.ttl * 1000);
  await deps.repos.verificationTokens.replace({
    id: randomId(deps.random),
    userId: input.userId,
    purpose: input.purpose,
    kind: input.kind,
    secretHash: code
      ? await codeHash(deps.config, input.purpose, input.userId, secret)
      : await sha256Hex(secret),
    email: input.email,
    createdAt: now,
    expiresAt,
    attempts: 0,
    consumedAt: null,
  });
  return { secret, expiresAt };
}

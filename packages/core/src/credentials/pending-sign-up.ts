import type { DepsFor } from '../deps.ts';
import type { AuthMail } from '../mail/index.ts';
import {
  hmacSha256Hex,
  randomDigits,
  randomId,
  randomToken,
  sha256Hex,
} from '../primitives/index.ts';
import type { PendingSignUpRecord, UserMetadata } from '../repos.ts';
import { LINK_TOKEN_BITS } from './verification-secrets.ts';

export type StartPendingSignUpDeps = DepsFor<'config' | 'clock' | 'random', 'pendingSignUps'>;

/** What a new pending sign-up binds together. */
export interface PendingSignUpInput {
  readonly email: string;
  readonly emailKey: string;
  /** The password typed with this sign-up; `null` for a resend that only confirms the address. */
  readonly passwordHash: string | null;
  readonly metadata: UserMetadata;
  /**
   * `false` stores a decoy: already consumed, never redeemable, never mailed. Paths that
   * must not reveal whether an address has an account write one, so both paths do the
   * same repository work.
   */
  readonly live: boolean;
}

/** A stored pending sign-up and its secret, to be mailed once and never stored. */
export interface StartedSignUp {
  readonly record: PendingSignUpRecord;
  readonly secret: string;
}

/**
 * Codes are HMAC'd under the server secret and bound to the address they were mailed to,
 * so the repository compares a guess with every pending sign-up of that address in one
 * atomic step (`PendingSignUpRepo.redeemCode`). A code only ever matches the sign-up it was
 * mailed for, unless two sign-ups of one address drew the same six digits; then the newest
 * wins, exactly as if the code had been typed for it.
 */
export function signUpCodeHash(
  config: StartPendingSignUpDeps['config'],
  emailKey: string,
  code: string,
): Promise<string> {
  return hmacSha256Hex(config.secret, `sign_up\u0000${emailKey}\u0000${code}`);
}

/**
 * Stores a new pending sign-up with its own secret (a 6-digit code or a 256-bit link
 * token, per `emailVerification.method`). Nothing earlier is replaced: a stranger's
 * sign-up for the same address leaves the owner's pending one as it was. It can be
 * redeemed until `codeTtl` or `linkTtl` has passed.
 */
export async function startPendingSignUp(
  deps: StartPendingSignUpDeps,
  input: PendingSignUpInput,
): Promise<StartedSignUp> {
  const started = await buildPendingSignUp(deps, input);
  await deps.repos.pendingSignUps.create(started.record);
  return started;
}

/** A pending sign-up and its secret, not stored yet. */
export async function buildPendingSignUp(
  deps: Pick<StartPendingSignUpDeps, 'config' | 'clock' | 'random'>,
  input: PendingSignUpInput,
): Promise<StartedSignUp> {
  const { config } = deps;
  const now = deps.clock.now();
  const kind = config.emailVerification.method;
  const id = randomId(deps.random);
  const secret =
    kind === 'code' ? randomDigits(deps.random, 6) : randomToken(deps.random, LINK_TOKEN_BITS);
  const ttl = kind === 'code' ? config.emailVerification.codeTtl : config.emailVerification.linkTtl;
  const { live, ...binds } = input;
  const record: PendingSignUpRecord = {
    id,
    ...binds,
    kind,
    secretHash:
      kind === 'code'
        ? await signUpCodeHash(config, input.emailKey, secret)
        : await sha256Hex(secret),
    attempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ttl * 1000),
    consumedAt: live ? null : now,
  };
  return { record, secret };
}

/** The mail that carries a pending sign-up's secret to its address. */
export function signUpMail(started: StartedSignUp, userId: string | null): AuthMail {
  const { record, secret } = started;
  const common = { to: record.email, userId, expiresAt: record.expiresAt };
  return record.kind === 'code'
    ? { type: 'email_verification_code', ...common, code: secret }
    : { type: 'email_verification_link', ...common, token: secret };
}

/** What a decoy carries: the address, and a secret hashed exactly as the account path's. */
export interface DecoySecret {
  readonly email: string;
  readonly emailKey: string;
  readonly kind: 'code' | 'link';
  /** Computed by the caller the way its account path computes the secret it stores. */
  readonly secretHash: string;
}

/**
 * One write that does what a real flow's write does and changes nothing: an already
 * consumed, password-less pending sign-up (pruned like any other). Paths that find no
 * account make it so their repository work matches the paths that do; the caller hashes
 * the decoy's secret as its account path hashes the real one (or hands over a hash it has
 * already computed on every path), so the MAC and hash work matches too.
 */
export async function writeDecoy(deps: StartPendingSignUpDeps, secret: DecoySecret): Promise<void> {
  await deps.repos.pendingSignUps.create(decoyRecord(deps, secret));
}

/** The decoy record itself (see `writeDecoy`), for a repository call that stores it. */
export function decoyRecord(
  deps: Pick<StartPendingSignUpDeps, 'config' | 'clock' | 'random'>,
  { email, emailKey, kind, secretHash }: DecoySecret,
): PendingSignUpRecord {
  const now = deps.clock.now();
  const { codeTtl, linkTtl } = deps.config.emailVerification;
  return {
    id: randomId(deps.random),
    email,
    emailKey,
    passwordHash: null,
    metadata: {},
    kind,
    secretHash,
    attempts: 0,
    createdAt: now,
    expiresAt: new Date(now.getTime() + (kind === 'code' ? codeTtl : linkTtl) * 1000),
    consumedAt: now,
  };
}

/**
 * A decoy with a fresh secret hashed as a sign-up's is (see `buildPendingSignUp`), for
 * paths whose counterpart hashes a sign-up secret.
 */
export async function decoyFor(
  deps: Pick<StartPendingSignUpDeps, 'config' | 'clock' | 'random'>,
  email: string,
  emailKey: string,
): Promise<PendingSignUpRecord> {
  const decoy = { email, emailKey, passwordHash: null, metadata: {}, live: false };
  return (await buildPendingSignUp(deps, decoy)).record;
}

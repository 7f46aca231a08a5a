/**
 * Finishing a sign-in with a provider: the protocol checks (verify-callback.ts), then the
 * linking policy. An identity is found by (issuer, subject) only; an address that an
 * account already has is never linked silently, whatever the provider says about it.
 */
import { FLOW_DISABLED } from '../config-flows.ts';
import { issueMfaChallenge, normalizeEmail } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import type { OAuthAuditReason, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { SecondFactorKind } from '../mfa/index.ts';
import { randomId } from '../primitives/index.ts';
import type { OAuthAccountRecord, UserRecord } from '../repos.ts';
import type { SessionInfo } from '../sessions/index.ts';
import { createSession } from '../sessions/index.ts';
import type { PublicUser } from '../users/index.ts';
import { newUserRecord, toPublicUser } from '../users/index.ts';
import type { ProviderProfile } from './profile.ts';
import type { ProviderTokens } from './provider-tokens.ts';
import { sealProviderTokens } from './provider-tokens.ts';
import type { OAuthProviderInput } from './providers.ts';
import type { OAuthCallbackInput } from './verify-callback.ts';
import { verifyCallback } from './verify-callback.ts';

export type HandleCallbackDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'oauth' | 'secondFactor',
  'users' | 'sessions' | 'verificationTokens' | 'oauthAccounts'
>;

export type { OAuthCallbackInput } from './verify-callback.ts';

/**
 * Why a callback produced no session, as the caller sees it:
 * - `invalid_state`: no sealed state, a state of another provider or purpose, a `state`
 *   that differs, or an expired one (start again);
 * - `access_denied`: the provider reported an error (the user cancelled, say);
 * - `authorization_failed`: a protocol check failed (issuer mix-up, code exchange, ID
 *   token, profile); the audit event says which;
 * - `email_unavailable`: a new identity without a usable address, so no account can be made;
 * - `account_unavailable`: the linked account is banned or deleted.
 */
export type OAuthCallbackFailureReason =
  | 'disabled'
  | 'invalid_state'
  | 'access_denied'
  | 'authorization_failed'
  | 'email_unavailable'
  | 'account_unavailable';

interface Redirect {
  /** The checked target from the start, or the configured default. */
  readonly redirectTo: string;
}

export type OAuthCallbackResult =
  | (Redirect & {
      readonly ok: true;
      /** `created`: a new account was made from this identity. */
      readonly status: 'signed_in' | 'created';
      readonly user: PublicUser;
      readonly session: SessionInfo;
      readonly sessionToken: string;
    })
  | (Redirect & {
      readonly ok: true;
      /** The identity's account has a second factor: no session yet (as `signIn`). */
      readonly status: 'mfa_required';
      readonly userId: string;
      readonly factors: readonly SecondFactorKind[];
      readonly challengeToken: string;
      readonly expiresAt: Date;
    })
  | (Redirect & {
      readonly ok: true;
      /**
       * An account already has this address and the identity is not linked to it. Nothing
       * was linked: its owner must sign in with an existing method and link the provider
       * (`startLinking`). Answered alike whether the provider verified the address or not.
       */
      readonly status: 'link_requires_confirmation';
      readonly provider: string;
    })
  | { readonly ok: false; readonly reason: OAuthCallbackFailureReason };

/** What the caller sees of an audit reason. */
export function publicReason(reason: OAuthAuditReason): OAuthCallbackFailureReason {
  switch (reason) {
    case 'invalid_state':
    case 'access_denied':
    case 'email_unavailable':
    case 'account_unavailable':
      return reason;
    default:
      return 'authorization_failed';
  }
}

/** A stored identity for `profile` of user `userId`, with the provider's tokens sealed. */
export async function accountFor(
  deps: DepsFor<'config' | 'random'>,
  provider: OAuthProviderInput,
  verified: { readonly profile: ProviderProfile; readonly tokens: ProviderTokens | null },
  userId: string,
  now: Date,
): Promise<OAuthAccountRecord> {
  const { profile, tokens } = verified;
  const id = randomId(deps.random);
  return {
    id,
    userId,
    provider: provider.id,
    issuer: profile.issuer,
    subject: profile.subject,
    email: profile.email,
    emailVerified: profile.emailVerified,
    tokens: tokens ? await sealProviderTokens(deps, id, tokens) : null,
    createdAt: now,
    lastUsedAt: now,
  };
}

/** Records a sign-in through an existing identity, keeping the provider's new tokens. */
export async function recordUse(
  deps: DepsFor<'config' | 'random', 'oauthAccounts'>,
  accountId: string,
  tokens: ProviderTokens | null,
  now: Date,
): Promise<void> {
  const sealed = tokens ? await sealProviderTokens(deps, accountId, tokens) : null;
  await deps.repos.oauthAccounts.touch(accountId, now, sealed);
}

async function signInAs(
  deps: HandleCallbackDeps,
  user: UserRecord | null,
  used: { readonly accountId: string; readonly tokens: ProviderTokens | null } | null,
  status: 'signed_in' | 'created',
  redirectTo: string,
  fail: (reason: OAuthAuditReason) => Promise<OAuthCallbackResult>,
  context: RequestContext | undefined,
): Promise<OAuthCallbackResult> {
  if (!user || user.deletedAt || user.bannedAt) return fail('account_unavailable');
  const now = deps.clock.now();
  if (used) await recordUse(deps, used.accountId, used.tokens, now);
  // The same gate as password sign-in: a provider is one factor, never a way around the second.
  const factors = deps.secondFactor ? await deps.secondFactor.activeFactors(user.id) : [];
  if (factors.length > 0) {
    const challenge = await issueMfaChallenge(deps, user.id);
    await deps.events.emit(
      auditEvent({ type: 'user.mfa_required', userId: user.id, factors }, now, context),
    );
    return { ok: true, status: 'mfa_required', userId: user.id, factors, redirectTo, ...challenge };
  }
  const created = await createSession(deps, { userId: user.id, aal: 'aal1', context });
  if (!created) return fail('account_unavailable');
  await deps.events.emit(
    auditEvent(
      { type: 'user.signed_in', userId: user.id, sessionId: created.session.id, aal: 'aal1' },
      now,
      context,
    ),
  );
  return { ok: true, status, user: toPublicUser(user), redirectTo, ...created };
}

/**
 * Finishes a sign-in started by `startAuthorization`: checks the sealed state and `state`
 * (and `iss`, RFC 9207), exchanges the code with the PKCE verifier, validates the ID token
 * (OIDC) and reads the profile, then applies the linking policy:
 * - an identity (issuer, subject) already linked signs its user in (`signed_in`);
 * - a new identity whose address no account has makes an account (`created`), its address
 *   verified only if the provider asserted it, atomically with the link, so two racing
 *   callbacks make one account;
 * - a new identity whose address an account has links nothing (`link_requires_confirmation`).
 *
 * A user with a second factor gets `mfa_required`, as with a password. Returns an
 * {@link OAuthCallbackFailureReason} for every refusal; throws `InputError` for non-string
 * parameters and `ConfigError` without an `oauth` configuration.
 */
export async function handleCallback(
  deps: HandleCallbackDeps,
  input: OAuthCallbackInput,
): Promise<OAuthCallbackResult> {
  if (!deps.config.flows.oauth) return FLOW_DISABLED;
  const verified = await verifyCallback(deps, input, null);
  if (!verified.ok) return { ok: false, reason: publicReason(verified.reason) };
  const { provider, pending, profile, tokens } = verified;
  const runtime = deps.oauth;
  const redirectTo = pending.redirectTo ?? runtime?.defaultRedirect ?? '/';
  const now = deps.clock.now();
  const context = input.context;
  const fail = async (reason: OAuthAuditReason, userId: string | null = null) => {
    await deps.events.emit(
      auditEvent(
        { type: 'oauth.callback_failed', userId, provider: provider.id, reason, detail: null },
        now,
        context,
      ),
    );
    return { ok: false, reason: publicReason(reason) } as const;
  };

  const signInLinked = async (account: OAuthAccountRecord) =>
    signInAs(
      deps,
      await deps.repos.users.findById(account.userId),
      { accountId: account.id, tokens },
      'signed_in',
      redirectTo,
      (reason) => fail(reason, account.userId),
      context,
    );
  const linked = await deps.repos.oauthAccounts.findByIdentity(profile.issuer, profile.subject);
  if (linked) return signInLinked(linked);

  let email: ReturnType<typeof normalizeEmail> | null = null;
  try {
    email = profile.email === null ? null : normalizeEmail(profile.email);
  } catch {
    // An address core cannot store (non-ASCII, too long) is as good as none.
  }
  if (email === null) return fail('email_unavailable');
  const confirmLink = async (userId: string | null) => {
    await deps.events.emit(
      auditEvent(
        {
          type: 'oauth.link_requires_confirmation',
          userId,
          provider: provider.id,
          emailVerified: profile.emailVerified,
        },
        now,
        context,
      ),
    );
    return {
      ok: true,
      status: 'link_requires_confirmation',
      provider: provider.id,
      redirectTo,
    } as const;
  };
  const owner = await deps.repos.users.findByEmailKey(email.emailKey);
  if (owner) return confirmLink(owner.id);

  const user = newUserRecord(
    deps,
    {
      email: email.email,
      emailKey: email.emailKey,
      emailVerifiedAt: profile.emailVerified ? now : null,
      passwordHash: null,
    },
    now,
  );
  const account = await accountFor(deps, provider, verified, user.id, now);
  const creation = await deps.repos.oauthAccounts.createUserWithAccount(user, account);
  if (creation.status === 'created') {
    await deps.events.emit(auditEvent({ type: 'user.signed_up', userId: user.id }, now, context));
    await deps.events.emit(
      auditEvent(
        {
          type: 'oauth.account_created',
          userId: user.id,
          provider: provider.id,
          emailVerified: profile.emailVerified,
        },
        now,
        context,
      ),
    );
    return signInAs(
      deps,
      creation.user,
      null,
      'created',
      redirectTo,
      (reason) => fail(reason, user.id),
      context,
    );
  }
  // A concurrent callback of the same identity won the race: sign in to what it made.
  const winner = await deps.repos.oauthAccounts.findByIdentity(profile.issuer, profile.subject);
  if (winner) return signInLinked(winner);
  return confirmLink((await deps.repos.users.findByEmailKey(email.emailKey))?.id ?? null);
}

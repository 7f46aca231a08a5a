/**
 * Explicit linking for a signed-in user: add an identity (through a fresh authorization
 * bound to the user), list them, remove one unless it is the last way to sign in.
 */
import { FLOW_DISABLED } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { parseIdentifier } from '../validation.ts';
import type { LinkedAccount } from './accounts.ts';
import { toLinkedAccount } from './accounts.ts';
import { accountFor, publicReason, recordUse } from './callback.ts';
import { oauthRuntime } from './runtime-of.ts';
import type { OAuthCallbackInput } from './verify-callback.ts';
import { verifyCallback } from './verify-callback.ts';

export type CompleteLinkingDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'oauth',
  'users' | 'oauthAccounts'
>;

export interface CompleteLinkingInput extends OAuthCallbackInput {
  /** The signed-in user; must be the one `startLinking` was called for. */
  readonly userId: string;
}

/**
 * Why a link was not made: the callback reasons of `handleCallback` (`invalid_state` also
 * when the state was started by another user or for a sign-in), plus `identity_in_use`
 * (another account has linked this identity).
 */
export type CompleteLinkingFailureReason =
  | 'disabled'
  | 'invalid_state'
  | 'access_denied'
  | 'authorization_failed'
  | 'account_unavailable'
  | 'identity_in_use';

export type CompleteLinkingResult =
  | {
      readonly ok: true;
      readonly status: 'linked';
      readonly account: LinkedAccount;
      readonly redirectTo: string;
    }
  | { readonly ok: false; readonly reason: CompleteLinkingFailureReason };

/**
 * Finishes `startLinking`: the same protocol checks as `handleCallback`, then links the
 * identity to `input.userId` (atomically: of two accounts racing for one identity, one
 * gets it). Linking an identity the user already has answers `linked` again. Throws
 * `InputError` for a malformed user id.
 */
export async function completeLinking(
  deps: CompleteLinkingDeps,
  input: CompleteLinkingInput,
): Promise<CompleteLinkingResult> {
  if (!deps.config.flows.oauth) return FLOW_DISABLED;
  const userId = parseIdentifier('userId', input.userId);
  const verified = await verifyCallback(deps, input, userId);
  if (!verified.ok) {
    const reason = publicReason(verified.reason);
    return { ok: false, reason: reason === 'email_unavailable' ? 'authorization_failed' : reason };
  }
  const { provider, pending, profile, tokens } = verified;
  const redirectTo = pending.redirectTo ?? oauthRuntime(deps).defaultRedirect;
  const now = deps.clock.now();
  const refuse = async (reason: 'account_unavailable' | 'identity_in_use') => {
    await deps.events.emit(
      auditEvent(
        { type: 'oauth.callback_failed', userId, provider: provider.id, reason, detail: null },
        now,
        input.context,
      ),
    );
    return { ok: false, reason } as const;
  };
  const user = await deps.repos.users.findById(userId);
  if (!user || user.deletedAt || user.bannedAt) return refuse('account_unavailable');
  const account = await accountFor(deps, provider, verified, userId, now);
  const wrote = await deps.repos.oauthAccounts.link(account);
  const stored = wrote
    ? account
    : await deps.repos.oauthAccounts.findByIdentity(profile.issuer, profile.subject);
  if (!stored || stored.userId !== userId) return refuse('identity_in_use');
  // Linked already: the link stands, with the provider's fresh tokens.
  if (!wrote) await recordUse(deps, stored.id, tokens, now);
  if (wrote) {
    await deps.events.emit(
      auditEvent({ type: 'oauth.linked', userId, provider: provider.id }, now, input.context),
    );
  }
  return { ok: true, status: 'linked', account: toLinkedAccount(stored), redirectTo };
}

export interface ListLinkedAccountsInput {
  readonly userId: string;
}

/** The user's linked identities, oldest first. Throws `InputError` for a malformed id. */
export async function listLinkedAccounts(
  deps: DepsFor<never, 'oauthAccounts'>,
  input: ListLinkedAccountsInput,
): Promise<readonly LinkedAccount[]> {
  const userId = parseIdentifier('userId', input.userId);
  return (await deps.repos.oauthAccounts.listByUser(userId)).map(toLinkedAccount);
}

export interface UnlinkAccountInput {
  readonly userId: string;
  /** The `id` of one of the user's linked accounts. */
  readonly accountId: string;
  readonly context?: RequestContext | undefined;
}

/**
 * Why an unlink was refused: `not_found` (the user has no such linked account: another
 * user's reads the same), `last_sign_in_method` (no password and no other identity).
 */
export type UnlinkAccountFailureReason = 'not_found' | 'last_sign_in_method';

export type UnlinkAccountResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: UnlinkAccountFailureReason };

/**
 * Removes one of the user's linked identities, unless it is their last way to sign in
 * (checked and removed in one repository step). Throws `InputError` for malformed ids.
 */
export async function unlinkAccount(
  deps: DepsFor<'clock' | 'events', 'oauthAccounts'>,
  input: UnlinkAccountInput,
): Promise<UnlinkAccountResult> {
  const userId = parseIdentifier('userId', input.userId);
  const accountId = parseIdentifier('accountId', input.accountId);
  const accounts = await deps.repos.oauthAccounts.listByUser(userId);
  const provider = accounts.find((account) => account.id === accountId)?.provider;
  const outcome = await deps.repos.oauthAccounts.unlink(userId, accountId);
  if (outcome !== 'unlinked') return { ok: false, reason: outcome };
  await deps.events.emit(
    auditEvent(
      { type: 'oauth.unlinked', userId, provider: provider ?? 'unknown' },
      deps.clock.now(),
      input.context,
    ),
  );
  return { ok: true };
}

/** A configured provider, as a sign-in page lists it. */
export interface OAuthProviderSummary {
  readonly id: string;
  readonly name: string;
  readonly kind: 'oidc' | 'github';
}

/** The configured providers, in configuration order (`[]` without an `oauth` option). */
export function listOAuthProviders(deps: DepsFor<'oauth'>): readonly OAuthProviderSummary[] {
  return [...(deps.oauth?.providers.values() ?? [])].map((provider) => ({
    id: provider.id,
    name: provider.name ?? provider.id,
    kind: provider.kind,
  }));
}

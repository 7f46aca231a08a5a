/**
 * The provider's tokens, kept for the app to call the provider's API later (a calendar, a
 * repository list). They are stored only sealed by core's secret box (AES-256-GCM with key
 * ids, the box TOTP secrets use), bound to the identity's id, so a database reader learns
 * nothing and a writer cannot move them between identities.
 */
import type { DepsFor } from '../deps.ts';
import { secretBoxOf } from '../mfa/index.ts';
import { utf8 } from '../primitives/index.ts';
import { parseIdentifier } from '../validation.ts';

/** A provider's tokens from a code exchange. */
export interface ProviderTokens {
  readonly accessToken: string;
  /** `null` when the provider issued none (GitHub OAuth apps, OIDC without `offline_access`). */
  readonly refreshToken: string | null;
  /** From `expires_in`; `null` when the provider did not say. */
  readonly expiresAt: Date | null;
  /** The granted scope, when the provider said. */
  readonly scope: string | null;
}

/** What a sealed value is bound to (the box's additional authenticated data). */
function context(accountId: string): string {
  return `oauth-tokens\u0000${accountId}`;
}

/** The tokens of a token-endpoint answer (RFC 6749 §5.1), or `null` without an access token. */
export function providerTokensOf(
  answer: Record<string, unknown>,
  now: Date,
): ProviderTokens | null {
  const { access_token, refresh_token, expires_in, scope } = answer;
  if (typeof access_token !== 'string' || access_token === '') return null;
  const seconds = typeof expires_in === 'number' ? expires_in : Number(expires_in);
  return {
    accessToken: access_token,
    refreshToken: typeof refresh_token === 'string' && refresh_token !== '' ? refresh_token : null,
    expiresAt:
      Number.isFinite(seconds) && seconds > 0 ? new Date(now.getTime() + seconds * 1000) : null,
    scope: typeof scope === 'string' ? scope : null,
  };
}

/** Seals `tokens` for the identity `accountId`. */
export async function sealProviderTokens(
  deps: DepsFor<'config' | 'random'>,
  accountId: string,
  tokens: ProviderTokens,
): Promise<string> {
  const box = await secretBoxOf(deps.config, deps.random);
  return box.seal(utf8(JSON.stringify(tokens)), context(accountId));
}

export interface GetProviderTokensInput {
  readonly userId: string;
  /** The `id` of one of the user's linked accounts (`listLinkedAccounts`). */
  readonly accountId: string;
}

/**
 * The provider tokens stored for one of the user's linked identities, or `null` when the
 * user has no such identity or none were stored. Throws `SecretUnreadableError` when the
 * stored value does not open (altered, moved from another identity, or sealed with a key
 * no longer configured) and `InputError` for malformed ids.
 */
export async function getProviderTokens(
  deps: DepsFor<'config' | 'random', 'oauthAccounts'>,
  input: GetProviderTokensInput,
): Promise<ProviderTokens | null> {
  const userId = parseIdentifier('userId', input.userId);
  const accountId = parseIdentifier('accountId', input.accountId);
  const account = (await deps.repos.oauthAccounts.listByUser(userId)).find(
    (a) => a.id === accountId,
  );
  if (!account?.tokens) return null;
  const box = await secretBoxOf(deps.config, deps.random);
  const opened = JSON.parse(
    new TextDecoder().decode(await box.open(account.tokens, context(account.id))),
  );
  return {
    accessToken: String(opened.accessToken),
    refreshToken: typeof opened.refreshToken === 'string' ? opened.refreshToken : null,
    expiresAt: typeof opened.expiresAt === 'string' ? new Date(opened.expiresAt) : null,
    scope: typeof opened.scope === 'string' ? opened.scope : null,
  };
}

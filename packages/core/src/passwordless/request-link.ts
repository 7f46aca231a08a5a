import type { FlowDisabled } from '../config-flows.ts';
import { FLOW_DISABLED } from '../config-flows.ts';
import { normalizeEmail, recordWithheldMail, writeDecoy } from '../credentials/index.ts';
import type { DepsFor } from '../deps.ts';
import { ConfigError } from '../errors.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import { randomId, randomToken } from '../primitives/index.ts';
import type { MagicLinkIntent } from './link-token.ts';
import { magicLinkNonceHash, signMagicLinkToken } from './link-token.ts';

export type RequestMagicLinkDeps = DepsFor<
  'config' | 'clock' | 'random' | 'events' | 'mailer',
  'users' | 'verificationTokens' | 'pendingSignUps'
>;

/** Who asks for a link. */
export interface RequestMagicLinkInput {
  readonly email: string;
  /** Where the request came from (cleaned and capped before it is stored). */
  readonly context?: RequestContext | undefined;
}

/** Always the same answer, so the endpoint reveals no account. */
export type RequestMagicLinkResult = { readonly ok: true } | FlowDisabled;

/** The fragment parameter of `passwordless.linkUrl` that carries the token. */
export const MAGIC_LINK_FRAGMENT = 'magic-link';

/**
 * Mails a magic link: `passwordless.linkUrl` with a signed token (see `signMagicLinkToken`)
 * in its fragment, valid for `passwordless.linkTtl` (10 minutes by default) and once. Only
 * a hash of the token's nonce is stored. A newer link for the same account replaces the
 * older one.
 *
 * - An address with an active account (verified or not) gets a `sign_in` link.
 * - An address without one gets a `sign_up` link when `passwordless.signUp` is on (stored
 *   as a pending sign-up without a password), and nothing otherwise.
 * - A banned or deleted account gets nothing.
 *
 * Enumeration-safe: the answer is always `{ ok: true }`, and every path signs a token and
 * writes one row (a decoy pending sign-up where nothing is mailed). Throws `InputError` for
 * an email that is not an address and `ConfigError` when `passwordless.linkUrl` is not
 * set, both before anything is read or written.
 */
export async function requestMagicLink(
  deps: RequestMagicLinkDeps,
  input: RequestMagicLinkInput,
): Promise<RequestMagicLinkResult> {
  if (!deps.config.flows.magicLinks) return FLOW_DISABLED;
  const { linkUrl, linkTtl, signUp } = deps.config.passwordless;
  if (linkUrl === null) throw new ConfigError('requestMagicLink needs passwordless.linkUrl');
  const { email, emailKey } = normalizeEmail(input.email);
  const user = await deps.repos.users.findByEmailKey(emailKey);
  const now = deps.clock.now();
  // Whole seconds, as in the token, so the row and the token expire at the same instant.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000 + linkTtl) * 1000);
  const nonce = randomToken(deps.random, 128);
  const active = user !== null && !user.bannedAt && !user.deletedAt;
  const intent: MagicLinkIntent | null = active ? 'sign_in' : !user && signUp ? 'sign_up' : null;
  const to = user?.email ?? email;
  const token = await signMagicLinkToken(deps.config.secret, {
    email: to,
    nonce,
    expiresAt,
    intent: intent ?? 'sign_in',
  });
  const secretHash = await magicLinkNonceHash(nonce);
  const row = {
    id: randomId(deps.random),
    kind: 'link',
    secretHash,
    attempts: 0,
    createdAt: now,
    expiresAt,
    consumedAt: null,
  } as const;
  if (intent === 'sign_in' && user) {
    await deps.repos.verificationTokens.replace({
      ...row,
      userId: user.id,
      purpose: 'magic_link',
      email: user.email,
    });
  } else if (intent === 'sign_up') {
    const pending = { email, emailKey, passwordHash: null, metadata: {} };
    await deps.repos.pendingSignUps.create({ ...row, ...pending });
  } else {
    await writeDecoy(deps, { email, emailKey, kind: 'link', secretHash });
    await recordWithheldMail(deps, 'magic_link', user, input.context);
    return { ok: true };
  }
  const url = new URL(linkUrl);
  url.hash = new URLSearchParams({ [MAGIC_LINK_FRAGMENT]: token }).toString();
  const userId = user?.id ?? null;
  await deps.mailer.send({ type: 'magic_link', to, userId, url: url.href, token, expiresAt });
  await deps.events.emit(
    auditEvent({ type: 'magic_link.sent', userId, intent }, now, input.context),
  );
  return { ok: true };
}

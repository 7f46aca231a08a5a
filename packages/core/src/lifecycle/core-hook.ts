import { toApiKeyInfo } from '../api-keys/index.ts';
import { auditPseudonym } from '../audit/index.ts';
import type { DepsFor } from '../deps.ts';
import type { AuditLogRecord, JsonValue } from '../repos.ts';
import { listSessions } from '../sessions/index.ts';
import { toPublicUser } from '../users/index.ts';
import { ErasureRefusal } from './erasure-refusal.ts';
import type { DataSubjectHook } from './hooks.ts';
import { CORE_MODULE } from './hooks.ts';
import { ownsOrganization } from './ownership.ts';

export type CoreHookDeps = DepsFor<
  'config' | 'clock',
  | 'users'
  | 'sessions'
  | 'pendingSignUps'
  | 'auditLog'
  | 'mfa'
  | 'oauthAccounts'
  | 'apiKeys'
  | 'organizations'
  | 'passkeys'
>;

/** The export reads at most this many audit events (newest first) per user. */
const MAX_EXPORTED_EVENTS = 10_000;

/** Dates become ISO strings, so the export is plain JSON (as `JSON.stringify` would write it). */
function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

async function auditTrail(deps: CoreHookDeps, userId: string): Promise<AuditLogRecord[]> {
  const events: AuditLogRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await deps.repos.auditLog.list({
      userId,
      limit: 100,
      ...(cursor === null ? {} : { cursor }),
    });
    events.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor !== null && events.length < MAX_EXPORTED_EVENTS);
  return events;
}

/**
 * Core's own data-subject hook (module `portcullis`). Export: the account as `getUser`
 * shows it, its live sessions, its second factors (kind and dates), its identities at
 * OAuth providers, its API keys, its organization memberships, the pending organization
 * invitations to its address, its passkeys and its audit trail; never a password hash, TOTP secret, provider token, key secret or hash, public
 * key, code, token or token hash (each part is built from an allowlist: `toPublicUser`,
 * `SessionInfo`, `toApiKeyInfo`, the factor, identity, membership, invitation and passkey fields
 * named here). Purge, in an
 * order that a retry can repeat: the address's pending sign-ups and organization
 * invitations, the invitations the user sent (pending ones withdrawn) or accepted under
 * the audit pseudonym, the audit trail
 * pseudonymised (see docs/audit-log.md), then the user row, whose deletion takes every
 * session, refresh token, verification token (codes, links, magic links, MFA challenges),
 * MFA factor, backup code, attempt count, OAuth identity, personal API key, membership and
 * passkey with it in one repository step. While the user owns an organization the purge is
 * refused (`ErasureRefusal`, reported `refused`: `owns_organization`), checked before its
 * first write and again by storage at the deletion.
 */
export function coreDataSubjectHook(deps: CoreHookDeps): DataSubjectHook {
  return {
    module: CORE_MODULE,
    async exportUserData(userId) {
      const user = await deps.repos.users.findById(userId);
      if (!user) {
        return {
          account: null,
          sessions: [],
          secondFactors: null,
          linkedAccounts: [],
          apiKeys: [],
          organizations: [],
          organizationInvitations: [],
          passkeys: [],
          auditEvents: [],
        };
      }
      const [
        sessions,
        totp,
        backupCodesLeft,
        linked,
        keys,
        memberships,
        invitations,
        passkeys,
        events,
      ] = await Promise.all([
        listSessions(deps, { userId }),
        deps.repos.mfa.listTotp(userId),
        deps.repos.mfa.countBackupCodes(userId),
        deps.repos.oauthAccounts.listByUser(userId),
        deps.repos.apiKeys.listByOwner({ userId }),
        deps.repos.organizations.listByUser(userId),
        deps.repos.organizations.listInvitationsTo(user.emailKey, deps.clock.now()),
        deps.repos.passkeys.listByUser(userId),
        auditTrail(deps, userId),
      ]);
      return json({
        account: toPublicUser(user),
        sessions: sessions.map(({ userId: _owner, ...session }) => session),
        // What the user set up, never the sealed secret or the codes' hashes.
        secondFactors: {
          totp: totp.map(({ id, confirmedAt, createdAt }) => ({ id, confirmedAt, createdAt })),
          backupCodesLeft,
        },
        // The identities at providers, never their sealed tokens.
        linkedAccounts: linked.map((account) => ({
          id: account.id,
          provider: account.provider,
          issuer: account.issuer,
          subject: account.subject,
          email: account.email,
          emailVerified: account.emailVerified,
          createdAt: account.createdAt,
          lastUsedAt: account.lastUsedAt,
        })),
        // What each key may do, never its secret or the secret's hash.
        apiKeys: keys.map(toApiKeyInfo),
        organizations: memberships.map(({ organization, membership }) => ({
          id: organization.id,
          name: organization.name,
          owner: organization.ownerId === userId,
          role: membership.role,
          status: membership.status,
          joinedAt: membership.createdAt,
        })),
        // Pending invitations to the person's address, never their token or its hash.
        organizationInvitations: invitations.map((invitation) => ({
          id: invitation.id,
          organizationId: invitation.organizationId,
          email: invitation.email,
          role: invitation.role,
          invitedBy: invitation.invitedBy,
          createdAt: invitation.createdAt,
          expiresAt: invitation.expiresAt,
        })),
        // Which authenticators, never the credential's public key.
        passkeys: passkeys.map((passkey) => ({
          id: passkey.id,
          name: passkey.name,
          transports: passkey.transports,
          backedUp: passkey.backedUp,
          createdAt: passkey.createdAt,
          lastUsedAt: passkey.lastUsedAt,
        })),
        auditEvents: events.map(({ userId: _owner, ...event }) => event),
      });
    },
    async purgeUserData(userId) {
      // Refused before anything of core's is written while the user owns an organization;
      // the erasure locked the user out first, so no transfer makes them owner after this
      // read, and storage refuses the deletion below if anything else did.
      if (await ownsOrganization(deps, userId)) throw new ErasureRefusal('owns_organization');
      const user = await deps.repos.users.findById(userId);
      if (user) {
        await deps.repos.pendingSignUps.deleteByEmailKey(user.emailKey);
        // Invitations carry the address and are keyed by it, not by the user.
        await deps.repos.organizations.deleteInvitationsTo(user.emailKey);
      }
      const pseudonym = await auditPseudonym(deps.config.secret, userId);
      // Invitations they sent or accepted name them: pending ones are withdrawn, the rest
      // keep the audit trail's pseudonym, so the organization's history still reads.
      await deps.repos.organizations.eraseInvitationActor(userId, pseudonym);
      await deps.repos.auditLog.pseudonymiseUser(userId, pseudonym);
      if ((await deps.repos.users.delete(userId)) === 'owns_organization')
        throw new ErasureRefusal('owns_organization');
    },
  };
}

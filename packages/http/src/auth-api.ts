import type { Auth, AuthInternal, OAuthMethods } from '@portcullis/core';

/**
 * The part of `Auth` the HTTP layer calls, and nothing else: no configuration, no
 * dependencies. The admin calls are served only to callers `adminPolicy` accepts. Any object
 * with these methods works (`createAuth`'s result, or a test double).
 */
export type HttpAuth = Pick<
  Auth,
  | 'signUp'
  | 'signIn'
  | 'verifyEmail'
  | 'requestEmailVerification'
  | 'requestPasswordReset'
  | 'resetPassword'
  | 'requestMagicLink'
  | 'consumeMagicLink'
  | 'requestSignInCode'
  | 'signInWithCode'
  | 'changePassword'
  | 'completeMfaSignIn'
  | 'enrolTotp'
  | 'confirmTotp'
  | 'disableMfa'
  | 'regenerateBackupCodes'
  | 'getMfaStatus'
  | 'stepUpSession'
  | 'validateSession'
  | 'listSessions'
  | 'revokeSession'
  | 'revokeSessionByToken'
  | 'revokeAllSessions'
  | 'authenticate'
  | 'verifyAccessToken'
  | 'rotateRefreshToken'
  | 'revokeRefreshToken'
  | 'getUser'
  | 'publicJwks'
  | 'isFlowEnabled'
  | 'introspectToken'
  | 'createApiKey'
  | 'verifyApiKey'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'rotateApiKey'
  | 'createOrganization'
  | 'listOrganizations'
  | 'listMembers'
  | 'inviteMember'
  | 'acceptInvitation'
  | 'leaveOrganization'
  | 'removeMember'
  | 'transferOwnership'
  | 'switchOrganization'
  | 'exportAccount'
  | 'requestAccountDeletion'
  | 'confirmAccountDeletion'
  | 'listUsers'
  | 'listAuditEvents'
  | 'banUser'
  | 'unbanUser'
  | 'softDeleteUser'
  | 'eraseAccount'
  | 'clock'
  | keyof OAuthMethods
> & {
  /** Sign-in and refresh mint tokens for a session core has just checked. */
  readonly internal: Pick<AuthInternal, 'issueAccessToken' | 'issueRefreshToken'>;
};

import type { ApiKeyAuditReason } from '../api-keys/verify.ts';

/**
 * Audit events of API keys. `userId` is the owning user, `null` for an organization's key
 * (then `organizationId` names it); never the secret, only the key id.
 */
export type ApiKeyEventFields<Type extends string> = {
  readonly type: Type;
  readonly organizationId: string | null;
  readonly keyId: string;
};

/** The API-key members of `AuthEvent`, without the common base fields. */
export type ApiKeyEvent =
  | (ApiKeyEventFields<'api_key.created'> & { readonly scopes: readonly string[] })
  | (ApiKeyEventFields<'api_key.rotated'> & { readonly successorId: string })
  | ApiKeyEventFields<'api_key.revoked'>
  /** A key whose id exists was refused (unknown ids are not recorded: nothing to tie them to). */
  | (ApiKeyEventFields<'api_key.refused'> & { readonly reason: ApiKeyAuditReason });

export type { ApiKeyMethods } from './auth-methods.ts';
export { bindApiKeyMethods } from './auth-methods.ts';
export type { CreateApiKeyDeps, CreateApiKeyInput, CreatedApiKey } from './create.ts';
export { createApiKey, MAX_API_KEY_TTL_SECONDS } from './create.ts';
export type { ApiKeyInfo } from './info.ts';
export { toApiKeyInfo } from './info.ts';
export type {
  ApiKeyManagementFailureReason,
  ListApiKeysDeps,
  ListApiKeysInput,
  RevokeApiKeyDeps,
  RevokeApiKeyInput,
  RevokeApiKeyResult,
  RotateApiKeyInput,
  RotateApiKeyResult,
} from './manage.ts';
export {
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  listApiKeys,
  MAX_ROTATION_OVERLAP_SECONDS,
  revokeApiKey,
  rotateApiKey,
} from './manage.ts';
export type { ApiKeyOwner, ApiKeyRecord, ApiKeyRepo, ApiKeyRotation } from './repo.ts';
export type { ApiKeyRequestOrigin, ApiKeyRestrictionFailure } from './restrictions.ts';
export { API_KEY_PREFIX, parseApiKey } from './secret.ts';
export type {
  ApiKeyAuditReason,
  ApiKeyFailureReason,
  ApiKeyVerification,
  VerifyApiKeyDeps,
  VerifyApiKeyInput,
} from './verify.ts';
export { LAST_USED_WRITE_INTERVAL_SECONDS, verifyApiKey } from './verify.ts';

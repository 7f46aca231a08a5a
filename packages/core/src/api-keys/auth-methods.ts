/** The API-key methods of `Auth`, and how `bindAuth` binds them. */
import type { AuthDeps } from '../deps.ts';
import type { CreateApiKeyInput, CreatedApiKey } from './create.ts';
import { createApiKey } from './create.ts';
import type { ApiKeyInfo } from './info.ts';
import type {
  ListApiKeysInput,
  RevokeApiKeyInput,
  RevokeApiKeyResult,
  RotateApiKeyInput,
  RotateApiKeyResult,
} from './manage.ts';
import { listApiKeys, revokeApiKey, rotateApiKey } from './manage.ts';
import type { ApiKeyVerification, VerifyApiKeyInput } from './verify.ts';
import { verifyApiKey } from './verify.ts';

export interface ApiKeyMethods {
  /**
   * Creates an API key for `owner` (a user or an organization you have authorised the
   * caller for) and returns it once as `pcl_<id>.<secret>`. Records `api_key.created`.
   * Throws `InputError` for a bad owner, name, scope, lifetime, range or origin.
   */
  createApiKey(input: CreateApiKeyInput): Promise<CreatedApiKey>;
  /**
   * Checks a presented key: the key's owner and scopes, or `invalid`, `expired`, `revoked`,
   * `ip_not_allowed` or `origin_not_allowed`. Throws `InputError` only for a non-string.
   */
  verifyApiKey(input: VerifyApiKeyInput): Promise<ApiKeyVerification>;
  /** The owner's keys, newest first, none of another owner. Throws `InputError` for a bad owner. */
  listApiKeys(input: ListApiKeysInput): Promise<readonly ApiKeyInfo[]>;
  /**
   * Revokes one of the owner's keys at once. Returns the key, or `not_found` (unknown,
   * another owner's or already revoked). Throws `InputError` for a bad owner or id.
   */
  revokeApiKey(input: RevokeApiKeyInput): Promise<RevokeApiKeyResult>;
  /**
   * Replaces one of the owner's live keys; the old one works for the overlap window. Returns
   * the new key once, or `not_found`. Throws `InputError` for a bad owner, id or overlap.
   */
  rotateApiKey(input: RotateApiKeyInput): Promise<RotateApiKeyResult>;
}

/** The {@link ApiKeyMethods} bound to `deps`. */
export function bindApiKeyMethods(deps: AuthDeps): ApiKeyMethods {
  return {
    createApiKey: (input) => createApiKey(deps, input),
    verifyApiKey: (input) => verifyApiKey(deps, input),
    listApiKeys: (input) => listApiKeys(deps, input),
    revokeApiKey: (input) => revokeApiKey(deps, input),
    rotateApiKey: (input) => rotateApiKey(deps, input),
  };
}

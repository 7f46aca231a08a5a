/** The passkey methods of `Auth`, and how `bindAuth` binds them. */
import type { AuthDeps } from '../deps.ts';
import type { PasskeyInfo } from './info.ts';
import type {
  ListPasskeysInput,
  RemovePasskeyInput,
  RemovePasskeyResult,
  RenamePasskeyInput,
  RenamePasskeyResult,
} from './manage.ts';
import { listPasskeys, removePasskey, renamePasskey } from './manage.ts';
import type {
  BeginPasskeyRegistrationInput,
  BeginPasskeyRegistrationResult,
  FinishPasskeyRegistrationInput,
  FinishPasskeyRegistrationResult,
} from './register.ts';
import { beginPasskeyRegistration, finishPasskeyRegistration } from './register.ts';
import type {
  BeginPasskeySignInResult,
  FinishPasskeySignInInput,
  FinishPasskeySignInResult,
} from './sign-in.ts';
import { beginPasskeySignIn, finishPasskeySignIn } from './sign-in.ts';

export interface PasskeyMethods {
  /**
   * Options for adding a passkey (`navigator.credentials.create`) for a signed-in user
   * whose session is recent. Returns `account_unavailable`, `email_unverified`,
   * `recent_sign_in_required` or `disabled`. Throws `InputError` for a malformed id and
   * `ConfigError` when `config.passkeys` is absent.
   */
  beginPasskeyRegistration(
    input: BeginPasskeyRegistrationInput,
  ): Promise<BeginPasskeyRegistrationResult>;
  /**
   * Verifies the browser's registration response and stores the passkey. Returns the
   * passkey, or `invalid_challenge`, `verification_failed`, `credential_exists`,
   * `recent_sign_in_required` or `disabled`. Throws `InputError` for a malformed id, name or
   * response.
   */
  finishPasskeyRegistration(
    input: FinishPasskeyRegistrationInput,
  ): Promise<FinishPasskeyRegistrationResult>;
  /** Options for a usernameless sign-in (`navigator.credentials.get`), or `disabled`. */
  beginPasskeySignIn(): Promise<BeginPasskeySignInResult>;
  /**
   * Verifies a passkey assertion and starts a session (`aal2` when the authenticator
   * verified the user), or answers `mfa_required` when it did not and the user has a
   * second factor (a TOTP or backup code completes it). Returns `invalid_passkey`,
   * `account_banned` or `disabled`. Throws `InputError` for a malformed response.
   */
  finishPasskeySignIn(input: FinishPasskeySignInInput): Promise<FinishPasskeySignInResult>;
  /** The user's passkeys, oldest first. Throws `InputError` for a malformed id. */
  listPasskeys(input: ListPasskeysInput): Promise<readonly PasskeyInfo[]>;
  /** Renames one of the user's passkeys, or `not_found`. Throws `InputError` for a bad name. */
  renamePasskey(input: RenamePasskeyInput): Promise<RenamePasskeyResult>;
  /**
   * Removes one of the user's passkeys, or `not_found` / `last_sign_in_method`. Throws
   * `InputError` for a malformed id.
   */
  removePasskey(input: RemovePasskeyInput): Promise<RemovePasskeyResult>;
}

/** The {@link PasskeyMethods} bound to `deps`. */
export function bindPasskeyMethods(deps: AuthDeps): PasskeyMethods {
  return {
    beginPasskeyRegistration: (input) => beginPasskeyRegistration(deps, input),
    finishPasskeyRegistration: (input) => finishPasskeyRegistration(deps, input),
    beginPasskeySignIn: () => beginPasskeySignIn(deps),
    finishPasskeySignIn: (input) => finishPasskeySignIn(deps, input),
    listPasskeys: (input) => listPasskeys(deps, input),
    renamePasskey: (input) => renamePasskey(deps, input),
    removePasskey: (input) => removePasskey(deps, input),
  };
}

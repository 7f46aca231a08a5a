/**
 * Passkeys (WebAuthn) on `@simplewebauthn/server`: registration, usernameless sign-in and
 * the passkey second factor. See docs/passkeys.md.
 */
export type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
export type { PasskeyMethods } from './auth-methods.ts';
export { bindPasskeyMethods } from './auth-methods.ts';
export type { PasskeyAssertionDeps, PasskeyDeps, PasskeyOptionsDeps } from './deps.ts';
export type { PasskeyInfo } from './info.ts';
export { parseAuthenticationResponse } from './input.ts';
export type {
  ListPasskeysInput,
  RemovePasskeyFailureReason,
  RemovePasskeyInput,
  RemovePasskeyResult,
  RenamePasskeyInput,
  RenamePasskeyResult,
} from './manage.ts';
export { listPasskeys, removePasskey, renamePasskey } from './manage.ts';
export type {
  BeginPasskeyRegistrationFailureReason,
  BeginPasskeyRegistrationInput,
  BeginPasskeyRegistrationResult,
  FinishPasskeyRegistrationFailureReason,
  FinishPasskeyRegistrationInput,
  FinishPasskeyRegistrationResult,
  RegisterPasskeyDeps,
} from './register.ts';
export { beginPasskeyRegistration, finishPasskeyRegistration } from './register.ts';
export type { PasskeySecondFactorVerdict } from './second-factor.ts';
export { beginPasskeySecondFactor, verifyPasskeySecondFactor } from './second-factor.ts';
export type {
  PasskeyConfig,
  PasskeyConfigInput,
  PasskeySettings,
  PasskeyUserVerification,
} from './settings.ts';
export { passkeysAvailable } from './settings.ts';
export type {
  BeginPasskeySignInResult,
  FinishPasskeySignInDeps,
  FinishPasskeySignInInput,
  FinishPasskeySignInResult,
  PasskeySignInFailureReason,
} from './sign-in.ts';
export { beginPasskeySignIn, finishPasskeySignIn } from './sign-in.ts';

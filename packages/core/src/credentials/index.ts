export type {
  ChangePasswordDeps,
  ChangePasswordFailureReason,
  ChangePasswordInput,
  ChangePasswordResult,
} from './change-password.ts';
export { changePassword } from './change-password.ts';
export type { NormalizedEmail } from './email.ts';
export { normalizeEmail } from './email.ts';
// Shared with passwordless/: the MFA hand-off, the decoy write and the code MAC.
export type { IssueSecretDeps } from './issue-secret.ts';
export { recordWithheldMail } from './mail-withheld.ts';
export type { MfaChallengeOrigin, MfaChallengePurpose } from './mfa-challenge.ts';
export { findMfaChallenge, issueMfaChallenge, mfaChallengeOrigin } from './mfa-challenge.ts';
export type {
  RequestPasswordResetDeps,
  RequestPasswordResetInput,
  RequestPasswordResetResult,
  ResetPasswordDeps,
  ResetPasswordFailureReason,
  ResetPasswordInput,
  ResetPasswordResult,
} from './password-reset.ts';
export { requestPasswordReset, resetPassword } from './password-reset.ts';
export type { DecoySecret } from './pending-sign-up.ts';
export { decoyFor, decoyRecord, writeDecoy } from './pending-sign-up.ts';
export type {
  RequestEmailVerificationInput,
  RequestEmailVerificationResult,
  SendVerificationDeps,
} from './send-verification.ts';
export { requestEmailVerification } from './send-verification.ts';
export type { SignInDeps, SignInFailureReason, SignInInput, SignInResult } from './sign-in.ts';
export { signIn } from './sign-in.ts';
export type {
  SignUpDeps,
  SignUpFailureReason,
  SignUpInput,
  SignUpResult,
  SignUpServerFields,
} from './sign-up.ts';
export { signUp } from './sign-up.ts';
export { dropUnprovenCredentials } from './unproven-credentials.ts';
export { codeHash } from './verification-secrets.ts';
export type {
  VerifyEmailDeps,
  VerifyEmailFailureReason,
  VerifyEmailInput,
  VerifyEmailResult,
} from './verify-email.ts';
export { verifyEmail } from './verify-email.ts';

export type { CheckFactorDeps, SecondFactorFailureReason } from './check-factor.ts';
export type {
  CompleteMfaSignInDeps,
  CompleteMfaSignInFailureReason,
  CompleteMfaSignInInput,
  CompleteMfaSignInResult,
} from './complete-sign-in.ts';
export { completeMfaSignIn } from './complete-sign-in.ts';
export type {
  ConfirmTotpDeps,
  ConfirmTotpFailureReason,
  ConfirmTotpInput,
  ConfirmTotpResult,
  EnrolTotpDeps,
  EnrolTotpFailureReason,
  EnrolTotpInput,
  EnrolTotpResult,
} from './enrol.ts';
export { confirmTotp, enrolTotp } from './enrol.ts';
export type { SecondFactorGate, SecondFactorKind } from './gate.ts';
export type {
  DisableMfaDeps,
  DisableMfaInput,
  DisableMfaResult,
  MfaChangeFailureReason,
  MfaStatus,
  MfaStatusDeps,
  MfaStatusInput,
  RegenerateBackupCodesInput,
  RegenerateBackupCodesResult,
} from './manage.ts';
export { disableMfa, getMfaStatus, regenerateBackupCodes } from './manage.ts';
export type {
  BeginPasskeyMfaSignInDeps,
  BeginPasskeyMfaSignInInput,
  BeginPasskeyMfaSignInResult,
  BeginPasskeySecondFactorFailureReason,
  BeginPasskeyStepUpDeps,
  BeginPasskeyStepUpFailureReason,
  BeginPasskeyStepUpInput,
  BeginPasskeyStepUpResult,
} from './passkey-options.ts';
export { beginPasskeyMfaSignIn, beginPasskeyStepUp } from './passkey-options.ts';
export type { SecondFactorMethod, SecondFactorProof } from './proof.ts';
export { repositorySecondFactorGate } from './repository-gate.ts';
export type { SecretBox, SecretBoxKey, SecretBoxOptions } from './secret-box.ts';
export { createSecretBox } from './secret-box.ts';
export { secretBoxOf } from './secret-box-of.ts';
export type {
  StepUpSessionDeps,
  StepUpSessionFailureReason,
  StepUpSessionInput,
  StepUpSessionResult,
} from './step-up.ts';
export { stepUpSession } from './step-up.ts';
export { matchTotpStep, totpStep, totpUri } from './totp.ts';

export type {
  ConfirmAccountDeletionFailureReason,
  ConfirmAccountDeletionInput,
  ConfirmAccountDeletionResult,
} from './confirm-deletion.ts';
export { confirmAccountDeletion } from './confirm-deletion.ts';
export { coreDataSubjectHook } from './core-hook.ts';
export type { DeletionClaims, DeletionTokenFailure } from './deletion-token.ts';
export { signDeletionToken, verifyDeletionToken } from './deletion-token.ts';
export type {
  EraseAccountFailureReason,
  EraseAccountInput,
  EraseAccountResult,
  LifecycleDeps,
  ModuleReport,
} from './erase.ts';
export { eraseAccount } from './erase.ts';
export type { ErasureRefusalReason } from './erasure-refusal.ts';
export type { AccountExport, ExportAccountInput } from './export.ts';
export { exportAccount } from './export.ts';
export type { DataSubjectHook } from './hooks.ts';
export { CORE_MODULE, validateHooks } from './hooks.ts';
export type {
  RequestAccountDeletionDeps,
  RequestAccountDeletionFailureReason,
  RequestAccountDeletionInput,
  RequestAccountDeletionResult,
} from './request-deletion.ts';
export { requestAccountDeletion } from './request-deletion.ts';

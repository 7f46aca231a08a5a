export type {
  ConsumeMagicLinkDeps,
  ConsumeMagicLinkFailureReason,
  ConsumeMagicLinkInput,
  ConsumeMagicLinkResult,
} from './consume-link.ts';
export { consumeMagicLink } from './consume-link.ts';
export type { FinishSignInDeps, PasswordlessSignIn } from './finish-sign-in.ts';
export type {
  MagicLinkClaims,
  MagicLinkIntent,
  MagicLinkTokenCheck,
  MagicLinkTokenFailure,
} from './link-token.ts';
export {
  MAGIC_LINK_TOKEN_MAX_LENGTH,
  signMagicLinkToken,
  verifyMagicLinkToken,
} from './link-token.ts';
export type {
  RequestSignInCodeDeps,
  RequestSignInCodeInput,
  RequestSignInCodeResult,
} from './request-code.ts';
export { requestSignInCode } from './request-code.ts';
export type {
  RequestMagicLinkDeps,
  RequestMagicLinkInput,
  RequestMagicLinkResult,
} from './request-link.ts';
export { MAGIC_LINK_FRAGMENT, requestMagicLink } from './request-link.ts';
export type {
  SignInWithCodeDeps,
  SignInWithCodeFailureReason,
  SignInWithCodeInput,
  SignInWithCodeResult,
} from './verify-code.ts';
export { signInWithCode } from './verify-code.ts';

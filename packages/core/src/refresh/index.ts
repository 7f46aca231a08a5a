export type {
  IssuedRefreshToken,
  IssueRefreshTokenDeps,
  IssueRefreshTokenInput,
} from './issue.ts';
export { issueRefreshToken } from './issue.ts';
export type { RevokeRefreshTokenDeps } from './revoke.ts';
export { revokeRefreshToken } from './revoke.ts';
export type {
  RefreshFailureReason,
  RefreshRotationResult,
  RefreshTokenInput,
  RotateRefreshTokenDeps,
} from './rotate.ts';
export { rotateRefreshToken } from './rotate.ts';

export type { RateLimitDecision, RateLimitPolicy, RateLimitStore } from '../repos.ts';
export type { DeviceToken } from './device-token.ts';
export type {
  RateLimiter,
  RateLimiterOptions,
  RateLimitRequest,
  RateLimitResult,
} from './limiter.ts';
export { createRateLimiter } from './limiter.ts';
export type {
  RateLimitAction,
  RateLimitRule,
  RateLimitRules,
  RateLimitSubject,
} from './policies.ts';
export { defaultRateLimits } from './policies.ts';
export type { BucketState } from './token-bucket.ts';
export {
  decisionFor,
  policyProblem,
  secondsUntilFull,
  takeFromBucket,
  validateTake,
} from './token-bucket.ts';

/**
 * @portcullis/adapter-tests — the contract every Portcullis storage adapter must pass.
 * Built-in adapters run it, and so can a custom datastore (see README).
 */
export { anApiKey, anOrganization } from './api-key-builders.ts';
export {
  anAuditEntry,
  aPendingSignUp,
  aRefreshToken,
  aSession,
  atMinute,
  aUser,
  aVerificationToken,
  randomHash,
  uniqueTag,
} from './builders.ts';
export { describeRepositoryContract } from './contract.ts';
export { givenFamily, givenRefreshToken, givenSession, givenUser } from './fixtures.ts';
export { anOAuthAccount } from './oauth-accounts.contract.ts';
export { aMembership, anInvitation, anOrganizationRecord } from './organization-builders.ts';
export { describeRateLimitStoreContract } from './rate-limit.contract.ts';
export { aBucketKey, atSecond, slowPolicy } from './rate-limit-subject.ts';

// Types after values (house style); this detached comment stops Biome merging the blocks.

export type { RefreshTokenOwner } from './builders.ts';
export type {
  RateLimitContractFactory,
  RateLimitContractSubject,
} from './rate-limit-subject.ts';
export type { ContractSubject, ContractSubjectFactory } from './subject.ts';

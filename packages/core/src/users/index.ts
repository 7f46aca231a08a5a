export type {
  AdminReadDeps,
  InspectUserInput,
  SearchUsersInput,
  UserInspection,
} from './admin-reads.ts';
export { inspectUser, searchUsers } from './admin-reads.ts';
export type { DeleteUserResult } from './deletion.ts';
export { deleteUserPermanently, softDeleteUser } from './deletion.ts';
export { parseMetadata } from './metadata.ts';
export type {
  BanUserInput,
  ModerationDeps,
  SetUserMetadataInput,
  UserActionInput,
} from './moderation.ts';
export { banUser, setUserMetadata, unbanUser } from './moderation.ts';
export type { NewUserFields } from './new-user.ts';
export { newUserRecord } from './new-user.ts';
export type { PublicUser } from './public-user.ts';
export { toPublicUser } from './public-user.ts';
export type { GetUserInput, ListUsersInput, PublicUserPage, UserQueryDeps } from './queries.ts';
export { getUser, listUsers } from './queries.ts';

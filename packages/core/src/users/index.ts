export { deleteUserPermanently, softDeleteUser } from './deletion.ts';
export { MAX_METADATA_BYTES, parseMetadata } from './metadata.ts';
export { banUser, setUserMetadata, unbanUser } from './moderation.ts';
export { toPublicUser } from './public-user.ts';
export { getUser, listUsers } from './queries.ts';
export type { ModerationDeps } from './moderation.ts';
export type { PublicUser } from './public-user.ts';
export type { ListUsersInput, UserQueryDeps } from './queries.ts';

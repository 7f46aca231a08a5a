import type { DepsFor } from '../deps.ts';

/**
 * Whether the user owns an organization: erasing them would leave it without an owner
 * (its `ownerId` would name nobody), so every erasure path refuses until it moves. A read
 * that lets a refusal come before anything is done; storage refuses the deletion itself
 * (`UserRepo.delete`'s `owns_organization`) whatever happens after it.
 */
export async function ownsOrganization(
  deps: DepsFor<never, 'organizations'>,
  userId: string,
): Promise<boolean> {
  const memberships = await deps.repos.organizations.listByUser(userId);
  return memberships.some(({ organization }) => organization.ownerId === userId);
}

/**
 * The example's admin policy: an operator is a signed-in user whose verified address is
 * listed in ADMIN_EMAILS. One user read per admin request; an app with roles would check
 * its own role table (or a scope in the access token) here instead.
 */
import type { Auth } from '@portcullis/core';
import type { AdminPolicy } from '@portcullis/http';

export function exampleAdminPolicy(
  auth: Pick<Auth, 'getUser'>,
  adminEmails: readonly string[],
): AdminPolicy {
  const admins = new Set(adminEmails);
  return async ({ principal }) => {
    if (admins.size === 0) return false;
    const user = await auth.getUser({ userId: principal.userId });
    if (!user?.emailVerified || user.bannedAt || user.deletedAt) return false;
    return admins.has(user.email.toLowerCase());
  };
}

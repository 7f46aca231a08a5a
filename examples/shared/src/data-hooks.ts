/**
 * The example app's own data-subject hook: the dev mailbox keeps mail, and each mail names
 * the user's address, so the app registers a hook for it (docs/gdpr.md). It shows the
 * shape every app module follows: export what it holds without secrets (no code, link or
 * token leaves), and purge idempotently.
 */
import type { DataSubjectHook, UserRepo } from '@portcullis/core';
import type { DevMailbox } from './mailbox.ts';

export function devMailboxHook(
  mailbox: DevMailbox,
  users: Pick<UserRepo, 'findById'>,
): DataSubjectHook {
  /** The address of the account; app hooks run before core's, so the row is still there. */
  const addressOf = async (userId: string) => (await users.findById(userId))?.email ?? null;
  return {
    module: 'dev-mailbox',
    async exportUserData(userId) {
      const address = await addressOf(userId);
      if (address === null) return [];
      return mailbox.sentTo(address).map((mail) => ({
        type: mail.type,
        subject: mail.subject,
        sentAt: mail.sentAt.toISOString(),
      }));
    },
    async purgeUserData(userId) {
      const address = await addressOf(userId);
      if (address !== null) mailbox.forget(address);
    },
  };
}

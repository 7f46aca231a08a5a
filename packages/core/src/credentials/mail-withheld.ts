import type { DepsFor } from '../deps.ts';
import type { AuthEventOf, RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { UserRecord } from '../repos.ts';

/**
 * Records that a requested mail was not sent (`mail.withheld`), with the true reason, so
 * the path without a mail writes the same one event as the path with one.
 */
export async function recordWithheldMail(
  deps: DepsFor<'clock' | 'events'>,
  flow: AuthEventOf<'mail.withheld'>['flow'],
  user: UserRecord | null,
  context: RequestContext | undefined,
): Promise<void> {
  const reason = !user ? 'no_account' : user.deletedAt ? 'account_deleted' : 'account_banned';
  await deps.events.emit(
    auditEvent(
      { type: 'mail.withheld', userId: user?.id ?? null, flow, reason },
      deps.clock.now(),
      context,
    ),
  );
}

import type { AuthDeps } from '../deps.ts';
import type { RequestContext } from '../events/index.ts';
import { auditEvent } from '../events/index.ts';
import type { PasswordRefusal } from '../password/index.ts';

/** Where a new password was chosen. */
export type NewPasswordFlow = 'sign_up' | 'reset' | 'change';

/**
 * Runs the password screen on a new password and records a refusal as
 * `password.refused` (the reason and the flow, never the password). `userId` is `null`
 * where naming the account would reveal more than the caller was told (sign-up, reset
 * before the link is spent).
 */
export async function screenNewPassword(
  deps: Pick<AuthDeps, 'passwordScreen' | 'events' | 'clock'>,
  password: string,
  flow: NewPasswordFlow,
  userId: string | null,
  context: RequestContext | undefined,
): Promise<PasswordRefusal | null> {
  const refusal = await deps.passwordScreen.check(password);
  if (refusal !== null) {
    await deps.events.emit(
      auditEvent(
        { type: 'password.refused', userId, reason: refusal, flow },
        deps.clock.now(),
        context,
      ),
    );
  }
  return refusal;
}

/**
 * Step-up: a sensitive operation (password change, MFA changes) needs a session that was
 * started with a second factor recently — when the user has one. A session from before the
 * factor was enrolled, or older than `stepUp.maxAge`, is refused with 403
 * `step_up_required`: the client signs in again with the second factor.
 */
import type { SessionInfo } from '@portcullis/core';
import { problemResponse } from '../responses.ts';
import type { HttpResponse } from '../types.ts';
import type { Caller, RouteContext } from './route.ts';

/** The caller's session: validated already for cookies, looked up for bearer tokens. */
export async function currentSession(
  { auth }: Pick<RouteContext, 'auth'>,
  caller: Caller,
): Promise<SessionInfo | null> {
  if (caller.session) return caller.session;
  const sessions = await auth.listSessions({ userId: caller.principal.userId });
  return sessions.find((session) => session.id === caller.principal.sessionId) ?? null;
}

/** Whether `session` began no more than `maxAge` seconds before `now`. */
function startedWithin(session: SessionInfo | null, maxAge: number, now: Date): boolean {
  return session !== null && now.getTime() - session.createdAt.getTime() <= maxAge * 1000;
}

/** Whether `session` proved a second factor no more than `maxAge` seconds before `now`. */
export function isRecentAal2(session: SessionInfo | null, maxAge: number, now: Date): boolean {
  return session?.aal === 'aal2' && startedWithin(session, maxAge, now);
}

/** How recent a session must be to mint a credential when no `stepUp.maxAge` is set (s). */
const DEFAULT_RECENT_SIGN_IN = 15 * 60;

/**
 * `null` when the caller may create a lasting credential (an API key): the address is
 * proven, the session began within `stepUp.maxAge` (15 minutes without `stepUp`), and the
 * step-up rule holds. Such a credential outlives sessions and password resets, so neither
 * a stolen older session nor a stranger's claim on an unproven address may make one.
 */
export async function credentialCreationRefusal(
  ctx: RouteContext,
  caller: Caller,
): Promise<HttpResponse | null> {
  const user = await ctx.auth.getUser({ userId: caller.principal.userId });
  if (!user?.emailVerified) return problemResponse('email_not_verified');
  const session = await currentSession(ctx, caller);
  const maxAge = ctx.options.stepUp?.maxAge ?? DEFAULT_RECENT_SIGN_IN;
  if (!startedWithin(session, maxAge, ctx.auth.clock.now()))
    return problemResponse('recent_sign_in_required');
  return stepUpRefusal(ctx, caller, session);
}

/**
 * `null` when the route may go on: no `stepUp` option, a user without MFA (aal2 is out of
 * their reach), or a recent aal2 session. Else the 403 `step_up_required` answer. Pass the
 * caller's session when it is already loaded, so it is not looked up twice.
 */
export async function stepUpRefusal(
  ctx: RouteContext,
  caller: Caller,
  loaded?: SessionInfo | null,
): Promise<HttpResponse | null> {
  const stepUp = ctx.options.stepUp;
  if (stepUp === null) return null;
  const status = await ctx.auth.getMfaStatus({ userId: caller.principal.userId });
  if (status.totp !== 'enabled') return null;
  const session = loaded === undefined ? await currentSession(ctx, caller) : loaded;
  if (isRecentAal2(session, stepUp.maxAge, ctx.auth.clock.now())) return null;
  return problemResponse('step_up_required');
}

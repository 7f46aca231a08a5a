/** The answer of every route that signs someone in: password, magic link or emailed code. */
import type { SignInResult } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { readCookie, sessionCookie } from '../cookies.ts';
import { deviceCookie } from '../device-cookie.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { HttpResponse } from '../types.ts';
import type { RouteContext } from './route.ts';

/** How the client wants its session: a cookie (browsers) or bearer tokens (the body). */
export type SignInMode = 'cookie' | 'bearer';

/** The body's `mode`; anything but `cookie`, `bearer` or nothing is a 400. */
export function signInMode(value: unknown): SignInMode {
  if (value === undefined || value === 'cookie') return 'cookie';
  if (value === 'bearer') return 'bearer';
  throw new InputError([{ field: 'mode', problem: 'not_allowed' }]);
}

/**
 * Ends the session a browser's cookie still names when it signs in again, so the previous
 * account on a shared computer is not left signed in behind the new cookie.
 */
async function endPresentedSession({ auth, options, req, context }: RouteContext) {
  const sessionToken = readCookie(req.headers.get('cookie'), options.cookie.name);
  if (sessionToken !== null) await auth.revokeSessionByToken({ sessionToken, context });
}

/**
 * The device cookie for a browser that has just proved it controls `email`'s account: its
 * later sign-ins and mail requests for that account count in its own bucket, which
 * strangers guessing at the account cannot drain. None without a rate limiter.
 */
async function deviceCookieFor({ auth, options }: RouteContext, email: string) {
  const device = await options.rateLimiter?.issueDeviceToken(email);
  return device ? [deviceCookie(options.cookie, device, auth.clock.now())] : [];
}

/**
 * 200 with the session as a cookie (`cookie` mode) or as access and refresh tokens
 * (`bearer`), or 200 `mfa_required` with the challenge and no credential at all. The
 * access token grants `scopes`: the app's for a sign-in, the caller's own for a step-up
 * (a re-issue never widens a token).
 */
export async function signedInResponse(
  ctx: RouteContext,
  result: Extract<SignInResult, { readonly ok: true }>,
  mode: SignInMode,
  scopes: readonly string[] = ctx.options.scopes,
): Promise<HttpResponse> {
  const { auth, options, context } = ctx;
  if (result.status === 'mfa_required') {
    const { factors, challengeToken, expiresAt } = result;
    return jsonResponse(200, { status: 'mfa_required', factors, challengeToken, expiresAt });
  }
  const { user, session, sessionToken } = result;
  const device = await deviceCookieFor(ctx, user.email);
  if (mode === 'cookie') {
    await endPresentedSession(ctx);
    const cookie = sessionCookie(options.cookie, sessionToken, session.expiresAt, auth.clock.now());
    return jsonResponse(
      200,
      { status: 'signed_in', user, session },
      { setCookies: [cookie, ...device] },
    );
  }
  const access = await auth.internal.issueAccessToken({
    userId: user.id,
    sessionId: session.id,
    aal: session.aal,
    scopes,
  });
  const refresh = await auth.internal.issueRefreshToken({ session, context });
  // Banned or deleted in the instant since the session was created.
  if (!refresh) return failureResponse('signIn', 'invalid_credentials');
  return jsonResponse(
    200,
    {
      status: 'signed_in',
      user,
      session,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.refreshToken,
      refreshTokenExpiresAt: refresh.expiresAt,
    },
    { setCookies: device },
  );
}

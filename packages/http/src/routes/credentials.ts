/** Routes that establish who someone is: sign-up, email verification, sign-in, password reset. */
import { InputError } from '@portcullis/core';
import { bodyObject, field, textField } from '../body.ts';
import { readCookie, sessionCookie } from '../cookies.ts';
import { deviceCookie } from '../device-cookie.ts';
import { underMailCap } from '../rate-limit.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PublicRoute, RouteContext } from './route.ts';

const signUp: PublicRoute = {
  method: 'POST',
  path: '/sign-up',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    // `metadata` is deliberately not taken from the client: apps often keep roles there.
    const result = await auth.signUp({
      email: textField(body, 'email'),
      password: textField(body, 'password'),
      context,
    });
    // A refused password says nothing about the address: core checks it before any lookup.
    if (!result.ok) return failureResponse('signUp', result.reason);
    // Same answer whether or not the address already had an account (enumeration).
    return jsonResponse(202, { status: 'verification_sent' });
  },
};

const verifyEmail: PublicRoute = {
  method: 'POST',
  path: '/verify-email',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const byToken = Object.hasOwn(body, 'token');
    const email = byToken ? undefined : textField(body, 'email');
    const result =
      email === undefined
        ? await auth.verifyEmail({ token: textField(body, 'token'), context })
        : await auth.verifyEmail({ email, code: textField(body, 'code'), context });
    if (!result.ok) return failureResponse('verifyEmail', result.reason);
    return jsonResponse(200, { status: 'verified' });
  },
};

const resendVerification: PublicRoute = {
  method: 'POST',
  path: '/verify-email/resend',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const email = textField(body, 'email');
    await auth.requestEmailVerification({ email, context });
    return jsonResponse(202, { status: 'verification_sent' });
  },
};

/**
 * Ends the session a browser's cookie still names when it signs in again, so the previous
 * account on a shared computer is not left signed in behind the new cookie.
 */
async function endPresentedSession({ auth, options, req, context }: RouteContext) {
  const sessionToken = readCookie(req.headers.get('cookie'), options.cookie.name);
  if (sessionToken !== null) await auth.revokeSessionByToken({ sessionToken, context });
}

/**
 * The device cookie for a browser that has just proved the password of `email`: its later
 * sign-ins and reset requests for that account count in its own bucket, which strangers
 * guessing at the account cannot drain. None without a rate limiter.
 */
async function deviceCookieFor({ auth, options }: RouteContext, email: string) {
  const device = await options.rateLimiter?.issueDeviceToken(email);
  return device ? [deviceCookie(options.cookie, device, auth.clock.now())] : [];
}

function signInMode(value: unknown): 'cookie' | 'bearer' {
  if (value === undefined || value === 'cookie') return 'cookie';
  if (value === 'bearer') return 'bearer';
  throw new InputError([{ field: 'mode', problem: 'not_allowed' }]);
}

const signIn: PublicRoute = {
  method: 'POST',
  path: '/sign-in',
  authenticated: false,
  async run(ctx) {
    const { auth, options, req, context } = ctx;
    const body = bodyObject(req.body);
    const mode = signInMode(field(body, 'mode'));
    const email = textField(body, 'email');
    const result = await auth.signIn({ email, password: textField(body, 'password'), context });
    if (!result.ok) return failureResponse('signIn', result.reason);
    if (result.status === 'mfa_required') {
      const { factors, challengeToken, expiresAt } = result;
      return jsonResponse(200, { status: 'mfa_required', factors, challengeToken, expiresAt });
    }
    const { user, session, sessionToken } = result;
    const device = await deviceCookieFor(ctx, user.email);
    if (mode === 'cookie') {
      await endPresentedSession(ctx);
      const cookie = sessionCookie(
        options.cookie,
        sessionToken,
        session.expiresAt,
        auth.clock.now(),
      );
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
      scopes: options.scopes,
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
  },
};

const forgotPassword: PublicRoute = {
  method: 'POST',
  path: '/password/forgot',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const email = textField(body, 'email');
    // Over the per-email mail cap nothing is sent, yet the answer is the same: the cap
    // tells a stranger nothing, and it never refuses the owner's later request from a
    // browser holding a device cookie for the account (that counts in its own bucket).
    if (await underMailCap(ctx, 'password_reset_mail'))
      await auth.requestPasswordReset({ email, context });
    return jsonResponse(202, { status: 'reset_requested' });
  },
};

const resetPassword: PublicRoute = {
  method: 'POST',
  path: '/password/reset',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const result = await auth.resetPassword({
      token: textField(body, 'token'),
      newPassword: textField(body, 'password'),
      context,
    });
    if (!result.ok) return failureResponse('resetPassword', result.reason);
    return jsonResponse(200, { status: 'password_reset' });
  },
};

export const credentialRoutes = [
  signUp,
  verifyEmail,
  resendVerification,
  signIn,
  forgotPassword,
  resetPassword,
] as const;

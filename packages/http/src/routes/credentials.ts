/** Routes that establish who someone is: sign-up, email verification, sign-in, password reset. */
import { bodyObject, field, textField } from '../body.ts';
import { underMailCap } from '../rate-limit.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PublicRoute } from './route.ts';
import { signedInResponse, signInMode } from './signed-in.ts';

const signUp: PublicRoute = {
  method: 'POST',
  path: '/sign-up',
  flow: 'signUp',
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

const signIn: PublicRoute = {
  method: 'POST',
  path: '/sign-in',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const mode = signInMode(field(body, 'mode'));
    const email = textField(body, 'email');
    const result = await auth.signIn({ email, password: textField(body, 'password'), context });
    if (!result.ok) return failureResponse('signIn', result.reason);
    return signedInResponse(ctx, result, mode);
  },
};

const forgotPassword: PublicRoute = {
  method: 'POST',
  path: '/password/forgot',
  flow: 'passwordReset',
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
  flow: 'passwordReset',
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

/** Passwordless sign-in: magic links and emailed one-time codes. */
import { bodyObject, field, textField } from '../body.ts';
import { underMailCap } from '../rate-limit.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PublicRoute } from './route.ts';
import { signedInResponse, signInMode } from './signed-in.ts';

const requestMagicLink: PublicRoute = {
  method: 'POST',
  path: '/magic-link',
  flow: 'magicLinks',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const email = textField(bodyObject(req.body), 'email');
    // Like forgot-password: over the per-email (or per-device) mail cap nothing is sent,
    // and the answer is the same 202 whether or not the address has an account. The link
    // is built by core from `passwordless.linkUrl`, never from this request's Host.
    if (await underMailCap(ctx, 'magic_link_mail')) await auth.requestMagicLink({ email, context });
    return jsonResponse(202, { status: 'link_sent' });
  },
};

const consumeMagicLink: PublicRoute = {
  method: 'POST',
  path: '/magic-link/consume',
  flow: 'magicLinks',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const mode = signInMode(field(body, 'mode'));
    const result = await auth.consumeMagicLink({ token: textField(body, 'token'), context });
    if (!result.ok) return failureResponse('consumeMagicLink', result.reason);
    return signedInResponse(ctx, result, mode);
  },
};

const requestSignInCode: PublicRoute = {
  method: 'POST',
  path: '/sign-in-code',
  flow: 'signInCodes',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const email = textField(bodyObject(req.body), 'email');
    if (await underMailCap(ctx, 'sign_in_code_mail'))
      await auth.requestSignInCode({ email, context });
    return jsonResponse(202, { status: 'code_sent' });
  },
};

const signInWithCode: PublicRoute = {
  method: 'POST',
  path: '/sign-in-code/verify',
  flow: 'signInCodes',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const mode = signInMode(field(body, 'mode'));
    const result = await auth.signInWithCode({
      email: textField(body, 'email'),
      code: textField(body, 'code'),
      context,
    });
    if (!result.ok) return failureResponse('signInWithCode', result.reason);
    return signedInResponse(ctx, result, mode);
  },
};

export const passwordlessRoutes = [
  requestMagicLink,
  consumeMagicLink,
  requestSignInCode,
  signInWithCode,
] as const;

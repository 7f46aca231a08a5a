/**
 * Second-factor routes: completing an `mfa_required` sign-in, and the signed-in user's
 * TOTP enrolment, backup codes and switching MFA off. See docs/mfa.md.
 */
import type { AuthenticationResponseJSON, SecondFactorProof } from '@portcullis/core';
import { bodyObject, field, textField } from '../body.ts';
import { qrCodeSvg } from '../qr-code.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PrivateRoute, PublicRoute } from './route.ts';
import { signedInResponse, signInMode } from './signed-in.ts';
import { stepUpRefusal } from './step-up.ts';

/**
 * `{ method, code }` or `{ method: 'webauthn', response }` of a body, as core's proof: core
 * checks the code's format and the response's shape and size.
 */
function proofOf(body: Readonly<Record<string, unknown>>): SecondFactorProof {
  const method = textField(body, 'method');
  if (method === 'webauthn') {
    return { method, response: field(body, 'response') as AuthenticationResponseJSON };
  }
  return { method: method as 'totp' | 'backup_code', code: textField(body, 'code') };
}

const completeSignIn: PublicRoute = {
  method: 'POST',
  path: '/sign-in/mfa',
  authenticated: false,
  async run(ctx) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const mode = signInMode(field(body, 'mode'));
    const result = await auth.completeMfaSignIn({
      challengeToken: textField(body, 'challengeToken'),
      proof: proofOf(body),
      context,
    });
    if (!result.ok) return failureResponse('completeMfaSignIn', result.reason);
    return signedInResponse(ctx, result, mode);
  },
};

const status: PrivateRoute = {
  method: 'GET',
  path: '/mfa',
  authenticated: true,
  async run({ auth }, { principal }) {
    return jsonResponse(200, await auth.getMfaStatus({ userId: principal.userId }));
  },
};

const enrolTotp: PrivateRoute = {
  method: 'POST',
  path: '/mfa/totp',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const refused = await stepUpRefusal(ctx, caller);
    if (refused) return refused;
    const result = await auth.enrolTotp({
      userId: caller.principal.userId,
      currentSessionId: caller.principal.sessionId,
      ...(field(body, 'code') === undefined && field(body, 'response') === undefined
        ? {}
        : { proof: proofOf(body) }),
      context,
    });
    if (!result.ok) return failureResponse('enrolTotp', result.reason);
    // SVG markup of the key URI, for an <img src="data:image/svg+xml,…">.
    const svg = await qrCodeSvg(result.uri);
    return jsonResponse(200, { secret: result.secret, uri: result.uri, qrCodeSvg: svg });
  },
};

const confirmTotp: PrivateRoute = {
  method: 'POST',
  path: '/mfa/totp/confirm',
  authenticated: true,
  managesAccount: true,
  async run({ auth, req, context }, { principal }) {
    const body = bodyObject(req.body);
    const result = await auth.confirmTotp({
      userId: principal.userId,
      code: textField(body, 'code'),
      currentSessionId: principal.sessionId,
      context,
    });
    if (!result.ok) return failureResponse('confirmTotp', result.reason);
    return jsonResponse(200, {
      status: 'mfa_enabled',
      backupCodes: result.backupCodes,
      sessionsEnded: result.sessionsEnded,
    });
  },
};

const disable: PrivateRoute = {
  method: 'POST',
  path: '/mfa/disable',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const proof = proofOf(body);
    const refused = await stepUpRefusal(ctx, caller);
    if (refused) return refused;
    const result = await auth.disableMfa({
      userId: caller.principal.userId,
      proof,
      currentSessionId: caller.principal.sessionId,
      context,
    });
    if (!result.ok) return failureResponse('mfaChange', result.reason);
    return jsonResponse(200, { status: 'mfa_disabled', sessionsEnded: result.sessionsEnded });
  },
};

const regenerateBackupCodes: PrivateRoute = {
  method: 'POST',
  path: '/mfa/backup-codes',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    const proof = proofOf(body);
    const refused = await stepUpRefusal(ctx, caller);
    if (refused) return refused;
    const result = await auth.regenerateBackupCodes({
      userId: caller.principal.userId,
      proof,
      context,
    });
    if (!result.ok) return failureResponse('mfaChange', result.reason);
    return jsonResponse(200, { backupCodes: result.backupCodes });
  },
};

const stepUp: PrivateRoute = {
  method: 'POST',
  path: '/mfa/step-up',
  authenticated: true,
  managesAccount: true,
  async run(ctx, { principal }) {
    const { auth, req, context } = ctx;
    const body = bodyObject(req.body);
    // The new session comes back the way the old one was presented, unless asked otherwise.
    const mode =
      field(body, 'mode') === undefined ? principal.via : signInMode(field(body, 'mode'));
    const result = await auth.stepUpSession({
      userId: principal.userId,
      sessionId: principal.sessionId,
      proof: proofOf(body),
      context,
    });
    if (!result.ok) return failureResponse('stepUp', result.reason);
    const user = await auth.getUser({ userId: principal.userId });
    if (!user) return failureResponse('stepUp', 'session_ended');
    const { session, sessionToken } = result;
    return signedInResponse(
      ctx,
      { ok: true, status: 'signed_in', user, session, sessionToken },
      mode,
      principal.scopes,
    );
  },
};

export const mfaRoutes = [
  completeSignIn,
  status,
  enrolTotp,
  confirmTotp,
  disable,
  regenerateBackupCodes,
  stepUp,
] as const;

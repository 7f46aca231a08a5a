/**
 * Passkey routes (docs/passkeys.md): adding one (signed in, recent session), usernameless
 * sign-in, the options of the MFA step and of step-up (the assertion itself goes to
 * `POST /sign-in/mfa` and `POST /mfa/step-up` as `{ method: 'webauthn', response }`), and
 * the owner's list, rename and remove. Every route belongs to the `passkeys` flow. Core
 * checks the browser's `response` for shape and size (400 `invalid_input`).
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@portcullis/core';
import { bodyObject, field, textField } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import type { PrivateRoute, PublicRoute } from './route.ts';
import { signedInResponse, signInMode } from './signed-in.ts';
import { credentialCreationRefusal } from './step-up.ts';

/** An optional string field; anything else goes to core, which refuses it (`InputError`). */
function optionalText(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = field(body, name);
  return value === undefined ? undefined : (value as string);
}

const registrationOptions: PrivateRoute = {
  method: 'POST',
  path: '/passkeys/registration/options',
  flow: 'passkeys',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    // A passkey outlives sessions and signs in on its own, like an API key.
    const refused = await credentialCreationRefusal(ctx, caller);
    if (refused) return refused;
    const { principal } = caller;
    const result = await ctx.auth.beginPasskeyRegistration({
      userId: principal.userId,
      currentSessionId: principal.sessionId,
    });
    if (!result.ok) return failureResponse('beginPasskeyRegistration', result.reason);
    return jsonResponse(200, { options: result.options });
  },
};

const register: PrivateRoute = {
  method: 'POST',
  path: '/passkeys/registration',
  flow: 'passkeys',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const body = bodyObject(ctx.req.body);
    const refused = await credentialCreationRefusal(ctx, caller);
    if (refused) return refused;
    const { principal } = caller;
    const result = await ctx.auth.finishPasskeyRegistration({
      userId: principal.userId,
      currentSessionId: principal.sessionId,
      response: field(body, 'response') as RegistrationResponseJSON,
      name: optionalText(body, 'name'),
      context: ctx.context,
    });
    if (!result.ok) return failureResponse('finishPasskeyRegistration', result.reason);
    return jsonResponse(201, { passkey: result.passkey });
  },
};

const signInOptions: PublicRoute = {
  method: 'POST',
  path: '/sign-in/passkey/options',
  flow: 'passkeys',
  authenticated: false,
  async run({ auth }) {
    const result = await auth.beginPasskeySignIn();
    if (!result.ok) return failureResponse('passkeySignIn', result.reason);
    return jsonResponse(200, { options: result.options });
  },
};

const signIn: PublicRoute = {
  method: 'POST',
  path: '/sign-in/passkey',
  flow: 'passkeys',
  authenticated: false,
  async run(ctx) {
    const body = bodyObject(ctx.req.body);
    const mode = signInMode(field(body, 'mode'));
    const result = await ctx.auth.finishPasskeySignIn({
      response: field(body, 'response') as AuthenticationResponseJSON,
      context: ctx.context,
    });
    if (!result.ok) return failureResponse('passkeySignIn', result.reason);
    return signedInResponse(ctx, result, mode);
  },
};

const mfaOptions: PublicRoute = {
  method: 'POST',
  path: '/sign-in/mfa/passkey/options',
  flow: 'passkeys',
  authenticated: false,
  async run({ auth, req, context }) {
    const body = bodyObject(req.body);
    const result = await auth.beginPasskeyMfaSignIn({
      challengeToken: textField(body, 'challengeToken'),
      context,
    });
    if (!result.ok) return failureResponse('passkeyMfaOptions', result.reason);
    return jsonResponse(200, { options: result.options });
  },
};

const stepUpOptions: PrivateRoute = {
  method: 'POST',
  path: '/mfa/step-up/passkey/options',
  flow: 'passkeys',
  authenticated: true,
  managesAccount: true,
  async run({ auth }, { principal }) {
    const result = await auth.beginPasskeyStepUp({
      userId: principal.userId,
      sessionId: principal.sessionId,
    });
    if (!result.ok) return failureResponse('passkeyStepUpOptions', result.reason);
    return jsonResponse(200, { options: result.options });
  },
};

const list: PrivateRoute = {
  method: 'GET',
  path: '/passkeys',
  flow: 'passkeys',
  authenticated: true,
  async run({ auth }, { principal }) {
    return jsonResponse(200, { passkeys: await auth.listPasskeys({ userId: principal.userId }) });
  },
};

const rename: PrivateRoute = {
  method: 'PATCH',
  path: '/passkeys/:id',
  flow: 'passkeys',
  authenticated: true,
  managesAccount: true,
  async run({ auth, req, params, context }, { principal }) {
    const body = bodyObject(req.body);
    const result = await auth.renamePasskey({
      userId: principal.userId,
      passkeyId: params.id ?? '',
      name: textField(body, 'name'),
      context,
    });
    if (!result.ok) return failureResponse('managePasskey', result.reason);
    return jsonResponse(200, { passkey: result.passkey });
  },
};

const remove: PrivateRoute = {
  method: 'DELETE',
  path: '/passkeys/:id',
  flow: 'passkeys',
  authenticated: true,
  managesAccount: true,
  async run({ auth, params, context }, { principal }) {
    const result = await auth.removePasskey({
      userId: principal.userId,
      passkeyId: params.id ?? '',
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('managePasskey', result.reason);
  },
};

export const passkeyRoutes = [
  registrationOptions,
  register,
  signInOptions,
  signIn,
  mfaOptions,
  stepUpOptions,
  list,
  rename,
  remove,
] as const;

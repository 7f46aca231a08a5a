/**
 * The signed-in user's own API keys: list, create, revoke, rotate. The owner is always the
 * caller's user, from the session or access token; a body that names an owner (`owner`,
 * `userId`, `organizationId`) is refused, never obeyed. Creating, rotating and revoking
 * take a full-scope caller (403 `full_scope_required` for a narrower token); a key's scopes
 * are capped by the app's `scopes`, and a rotation's successor by the caller's own (403
 * `insufficient_scope`).
 */
import { InputError } from '@portcullis/core';
import { checkScopes } from '../authenticate.ts';
import { bodyObject, field, textField } from '../body.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import type { Caller, PrivateRoute } from './route.ts';
import { credentialCreationRefusal } from './step-up.ts';

const OWNER_FIELDS = ['owner', 'userId', 'organizationId'];

function ownerOf({ principal }: Caller): { readonly userId: string } {
  return { userId: principal.userId };
}

/** The body, refusing any field that would choose whose key it is. */
function ownBody(body: unknown): Readonly<Record<string, unknown>> {
  const object = bodyObject(body);
  const smuggled = OWNER_FIELDS.filter((name) => Object.hasOwn(object, name));
  if (smuggled.length > 0)
    throw new InputError(smuggled.map((name) => ({ field: name, problem: 'not_allowed' })));
  return object;
}

/** An optional list of strings; anything else is `InputError` (400). */
function optionalStrings(
  body: Readonly<Record<string, unknown>>,
  name: string,
): readonly string[] | undefined {
  const value = field(body, name);
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  throw new InputError([{ field: name, problem: 'invalid_type' }]);
}

/** An optional number; anything else is `InputError` (400). Core checks its range. */
function optionalNumber(body: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = field(body, name);
  if (value === undefined || typeof value === 'number') return value;
  throw new InputError([{ field: name, problem: 'invalid_type' }]);
}

const listApiKeys: PrivateRoute = {
  method: 'GET',
  path: '/api-keys',
  authenticated: true,
  async run({ auth }, caller) {
    const keys = await auth.listApiKeys({ owner: ownerOf(caller) });
    return jsonResponse(200, { keys });
  },
};

const createApiKey: PrivateRoute = {
  method: 'POST',
  path: '/api-keys',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, options, context } = ctx;
    const body = ownBody(req.body);
    const refused = await credentialCreationRefusal(ctx, caller);
    if (refused) return refused;
    const scopes = optionalStrings(body, 'scopes');
    // A key never grants more than the app grants its signed-in users; the caller holds all
    // of that (`managesAccount`), so a narrower access token cannot mint a key at all.
    if (scopes?.some((scope) => !options.scopes.includes(scope)))
      throw new InputError([{ field: 'scopes', problem: 'not_allowed' }]);
    const expiresInSeconds = optionalNumber(body, 'expiresInSeconds');
    const allowedIps = optionalStrings(body, 'allowedIps');
    const allowedOrigins = optionalStrings(body, 'allowedOrigins');
    const created = await auth.createApiKey({
      owner: ownerOf(caller),
      name: textField(body, 'name'),
      ...(scopes === undefined ? {} : { scopes }),
      ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }),
      ...(allowedIps === undefined ? {} : { allowedIps }),
      ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
      context,
    });
    return jsonResponse(201, created);
  },
};

const revokeApiKey: PrivateRoute = {
  method: 'DELETE',
  path: '/api-keys/:id',
  authenticated: true,
  managesAccount: true,
  async run({ auth, params, context }, caller) {
    const result = await auth.revokeApiKey({
      owner: ownerOf(caller),
      keyId: params.id ?? '',
      context,
    });
    return result.ok ? emptyResponse(204) : failureResponse('manageApiKey', result.reason);
  },
};

const rotateApiKey: PrivateRoute = {
  method: 'POST',
  path: '/api-keys/:id/rotate',
  authenticated: true,
  managesAccount: true,
  async run(ctx, caller) {
    const { auth, req, params, context } = ctx;
    const body = req.body === undefined ? {} : ownBody(req.body);
    const refused = await credentialCreationRefusal(ctx, caller);
    if (refused) return refused;
    const overlapSeconds = optionalNumber(body, 'overlapSeconds');
    // The successor keeps the key's scopes: only a caller holding them all may mint it (the
    // app's `scopes` may have lost one since the key was made).
    const keyId = params.id ?? '';
    const rotated = (await auth.listApiKeys({ owner: ownerOf(caller) })).find(
      (key) => key.id === keyId,
    );
    const beyond = rotated ? checkScopes(caller.principal, rotated.scopes) : null;
    if (beyond) return beyond;
    const result = await auth.rotateApiKey({
      owner: ownerOf(caller),
      keyId,
      ...(overlapSeconds === undefined ? {} : { overlapSeconds }),
      context,
    });
    if (!result.ok) return failureResponse('manageApiKey', result.reason);
    const { apiKey, key, previous } = result;
    return jsonResponse(201, { apiKey, key, previous });
  },
};

export const apiKeyRoutes = [listApiKeys, createApiKey, revokeApiKey, rotateApiKey] as const;

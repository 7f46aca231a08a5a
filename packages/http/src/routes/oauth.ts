/**
 * Sign-in with OAuth / OpenID Connect providers. The provider sends the browser back to
 * the app's `redirectUri` (a page of the app); that page posts the callback's parameters
 * here, so the answer can be JSON like every other route (a session cookie or bearer
 * tokens, or `mfa_required`, or `link_requires_confirmation`) and the app navigates to
 * the checked `redirectTo` itself.
 */
import type { OAuthCallbackInput, SessionInfo } from '@portcullis/core';
import { InputError } from '@portcullis/core';
import { bodyObject, field, textField } from '../body.ts';
import { readCookie, sessionCookie } from '../cookies.ts';
import { clearOAuthStateCookie, oauthStateCookie, presentedOAuthState } from '../oauth-cookie.ts';
import { emptyResponse, failureResponse, jsonResponse } from '../responses.ts';
import type { HttpResponse } from '../types.ts';
import type { Caller, PrivateRoute, PublicRoute, RouteContext } from './route.ts';

/** The request body as an object; an absent body reads as `{}` (nothing to send). */
function optionalBody(ctx: RouteContext): Readonly<Record<string, unknown>> {
  return ctx.req.body === undefined ? {} : bodyObject(ctx.req.body);
}

/** An optional string member: absent or `null` is `undefined`; anything else but a string is a 400. */
function optionalText(body: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = field(body, name);
  if (value === undefined || value === null) return undefined;
  return textField(body, name);
}

function providerParam(ctx: RouteContext): string {
  const provider = ctx.params.provider;
  if (provider === undefined) throw new InputError([{ field: 'provider', problem: 'required' }]);
  return provider;
}

function callbackMode(value: unknown): 'cookie' | 'bearer' {
  if (value === undefined || value === 'cookie') return 'cookie';
  if (value === 'bearer') return 'bearer';
  throw new InputError([{ field: 'mode', problem: 'not_allowed' }]);
}

/** The callback's parameters (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207 `iss`) and the kept state. */
function callbackInput(ctx: RouteContext): OAuthCallbackInput {
  const body = optionalBody(ctx);
  return {
    provider: providerParam(ctx),
    sealedState: presentedOAuthState(ctx.req, ctx.options.cookie),
    code: optionalText(body, 'code'),
    state: optionalText(body, 'state'),
    iss: optionalText(body, 'iss'),
    error: optionalText(body, 'error'),
    context: ctx.context,
  };
}

async function started(
  ctx: RouteContext,
  result: Awaited<ReturnType<RouteContext['auth']['startAuthorization']>>,
): Promise<HttpResponse> {
  if (!result.ok) return failureResponse('startAuthorization', result.reason);
  const cookie = oauthStateCookie(
    ctx.options.cookie,
    result.sealedState,
    result.expiresAt,
    ctx.auth.clock.now(),
  );
  return jsonResponse(
    200,
    { authorizationUrl: result.authorizationUrl, expiresAt: result.expiresAt },
    { setCookies: [cookie] },
  );
}

const start: PublicRoute = {
  method: 'POST',
  path: '/oauth/:provider/start',
  flow: 'oauth',
  authenticated: false,
  async run(ctx) {
    const redirectTo = optionalText(optionalBody(ctx), 'redirectTo');
    return started(
      ctx,
      await ctx.auth.startAuthorization({ provider: providerParam(ctx), redirectTo }),
    );
  },
};

/** A new session's answer: a cookie (ending the one the browser held) or bearer tokens. */
async function sessionAnswer(
  ctx: RouteContext,
  mode: 'cookie' | 'bearer',
  body: Record<string, unknown>,
  session: SessionInfo,
  sessionToken: string,
  userId: string,
): Promise<HttpResponse> {
  const { auth, options, req, context } = ctx;
  const clear = clearOAuthStateCookie(options.cookie);
  if (mode === 'cookie') {
    const previous = readCookie(req.headers.get('cookie'), options.cookie.name);
    if (previous !== null) await auth.revokeSessionByToken({ sessionToken: previous, context });
    const cookie = sessionCookie(options.cookie, sessionToken, session.expiresAt, auth.clock.now());
    return jsonResponse(200, body, { setCookies: [cookie, clear] });
  }
  const access = await auth.internal.issueAccessToken({
    userId,
    sessionId: session.id,
    aal: session.aal,
    scopes: options.scopes,
  });
  const refresh = await auth.internal.issueRefreshToken({ session, context });
  if (!refresh)
    return failureResponse('oauthCallback', 'account_unavailable', { setCookies: [clear] });
  return jsonResponse(
    200,
    {
      ...body,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.refreshToken,
      refreshTokenExpiresAt: refresh.expiresAt,
    },
    { setCookies: [clear] },
  );
}

const callback: PublicRoute = {
  method: 'POST',
  path: '/oauth/:provider/callback',
  flow: 'oauth',
  authenticated: false,
  async run(ctx) {
    const mode = callbackMode(field(optionalBody(ctx), 'mode'));
    const result = await ctx.auth.handleCallback(callbackInput(ctx));
    // Spent whatever happened: a state is good for one callback.
    const clear = clearOAuthStateCookie(ctx.options.cookie);
    if (!result.ok) return failureResponse('oauthCallback', result.reason, { setCookies: [clear] });
    const { redirectTo } = result;
    if (result.status === 'mfa_required') {
      const { factors, challengeToken, expiresAt } = result;
      return jsonResponse(
        200,
        { status: 'mfa_required', factors, challengeToken, expiresAt, redirectTo },
        { setCookies: [clear] },
      );
    }
    if (result.status === 'link_requires_confirmation') {
      return jsonResponse(
        200,
        { status: result.status, provider: result.provider, redirectTo },
        { setCookies: [clear] },
      );
    }
    const { status, user, session, sessionToken } = result;
    return sessionAnswer(
      ctx,
      mode,
      { status, user, session, redirectTo },
      session,
      sessionToken,
      user.id,
    );
  },
};

const providers: PublicRoute = {
  method: 'GET',
  path: '/oauth/providers',
  flow: 'oauth',
  authenticated: false,
  async run({ auth }) {
    return jsonResponse(200, { providers: auth.listOAuthProviders() });
  },
};

const linkStart: PrivateRoute = {
  method: 'POST',
  path: '/oauth/:provider/link/start',
  flow: 'oauth',
  authenticated: true,
  managesAccount: true,
  async run(ctx, { principal }: Caller) {
    const redirectTo = optionalText(optionalBody(ctx), 'redirectTo');
    return started(
      ctx,
      await ctx.auth.startLinking({
        provider: providerParam(ctx),
        redirectTo,
        userId: principal.userId,
      }),
    );
  },
};

const linkCallback: PrivateRoute = {
  method: 'POST',
  path: '/oauth/:provider/link/callback',
  flow: 'oauth',
  authenticated: true,
  managesAccount: true,
  async run(ctx, { principal }: Caller) {
    const result = await ctx.auth.completeLinking({
      ...callbackInput(ctx),
      userId: principal.userId,
    });
    const setCookies = [clearOAuthStateCookie(ctx.options.cookie)];
    if (!result.ok) return failureResponse('completeLinking', result.reason, { setCookies });
    const { status, account, redirectTo } = result;
    return jsonResponse(200, { status, account, redirectTo }, { setCookies });
  },
};

const listAccounts: PrivateRoute = {
  method: 'GET',
  path: '/oauth/accounts',
  authenticated: true,
  async run({ auth }, { principal }: Caller) {
    return jsonResponse(200, {
      accounts: await auth.listLinkedAccounts({ userId: principal.userId }),
    });
  },
};

const unlink: PrivateRoute = {
  method: 'DELETE',
  path: '/oauth/accounts/:id',
  authenticated: true,
  managesAccount: true,
  async run({ auth, params, context }, { principal }: Caller) {
    const accountId = params.id;
    if (accountId === undefined) throw new InputError([{ field: 'id', problem: 'required' }]);
    const result = await auth.unlinkAccount({ userId: principal.userId, accountId, context });
    if (!result.ok) return failureResponse('unlinkAccount', result.reason);
    return emptyResponse(204);
  },
};

export const oauthRoutes = [
  providers,
  listAccounts,
  unlink,
  start,
  callback,
  linkStart,
  linkCallback,
] as const;

/**
 * The example apps' own routes (besides the JWKS, which the bindings serve), written once as framework-neutral responses with a ready
 * body string; each app only copies status, headers and body onto its framework's response.
 */
import type { Auth } from '@portcullis/core';
import type { ApiKeyPrincipal, HttpResponse, Principal } from '@portcullis/http';
import { errorResponse, problemResponse } from '@portcullis/http';
import type { DevMailbox } from './mailbox.ts';
import { mailboxJson } from './mailbox.ts';
import { mailboxPageHeaders, renderMailboxPage } from './mailbox-page.ts';

/** A response whose body is already serialized. */
export interface TextResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Headers of every JSON answer the example apps write themselves. `nosniff` stops a browser
 * from reading a JSON body that echoes user input (an address, a metadata value) as HTML
 * or script when it is loaded by a foreign page.
 */
const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

/** An `@portcullis/http` response (JSON body or none) as a `TextResponse`. */
export function fromHttpResponse(response: HttpResponse): TextResponse {
  const hasBody = response.body !== undefined;
  return {
    status: response.status,
    headers: hasBody ? { ...JSON_HEADERS, ...response.headers } : response.headers,
    body: hasBody ? JSON.stringify(response.body) : '',
  };
}

/**
 * Whether a request's `Host` names one of the app's own origins. The dev mailbox checks it
 * against DNS rebinding: a foreign page that re-resolves its own name to 127.0.0.1 reaches
 * a developer's local server with that foreign name as `Host`, and could otherwise read
 * every code and reset link.
 */
export function isOwnHost(host: string | null | undefined, allowedOrigins: readonly string[]) {
  return host != null && allowedOrigins.some((origin) => new URL(origin).host === host);
}

/** `GET /dev/mailbox`. */
export async function mailboxHtmlPage(
  mailbox: DevMailbox,
  host: string | null | undefined,
  allowedOrigins: readonly string[],
): Promise<TextResponse> {
  if (!isOwnHost(host, allowedOrigins)) return notFoundPage();
  const mails = await mailbox.settled();
  return { status: 200, headers: mailboxPageHeaders, body: renderMailboxPage(mails) };
}

/** `GET /dev/mailbox.json`. */
export async function mailboxJsonPage(
  mailbox: DevMailbox,
  host: string | null | undefined,
  allowedOrigins: readonly string[],
): Promise<TextResponse> {
  if (!isOwnHost(host, allowedOrigins)) return notFoundPage();
  const mails = await mailbox.settled();
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify(mailboxJson(mails)),
  };
}

/**
 * `GET /api/profile`, the sample protected route: who is calling, and how. A user deleted
 * since the token was issued reads as signed out.
 */
export async function profilePage(auth: Auth, principal: Principal): Promise<TextResponse> {
  const user = await auth.getUser({ userId: principal.userId });
  if (!user || user.deletedAt) return fromHttpResponse(problemResponse('unauthenticated'));
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({
      user,
      sessionId: principal.sessionId,
      via: principal.via,
      aal: principal.aal,
    }),
  };
}

/**
 * `GET /api/whoami`: the caller's identity from the credential alone, with no read of its
 * own. Under `BEARER_MODE=stateless` a bearer request here touches no storage at all; in
 * strict mode (and for cookies) the one read is the session check in `requireAuth`.
 */
export function whoamiPage(principal: Principal): TextResponse {
  const { userId, sessionId, via, aal, scopes } = principal;
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({ userId, sessionId, via, aal, scopes }),
  };
}

/** The scope `GET /api/reports` requires; the examples grant it to signed-in users too. */
export const REPORTS_SCOPE = 'reports:read';

/**
 * `GET /api/reports`: a route an API key may call (`requireAuth(..., { apiKeys: true })`).
 * It answers who is calling, taken from the credential only: for a key, the key and its
 * owner; never anything from the request body or query.
 */
export function reportsPage(caller: Principal | ApiKeyPrincipal): TextResponse {
  const body =
    caller.via === 'api_key'
      ? {
          via: caller.via,
          keyId: caller.keyId,
          userId: caller.userId,
          organizationId: caller.organizationId,
          scopes: caller.scopes,
        }
      : { via: caller.via, userId: caller.userId, scopes: caller.scopes };
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({ caller: body, reports: [] }),
  };
}

/** The JSON 404 for any path no route claims. */
export function notFoundPage(): TextResponse {
  return fromHttpResponse(problemResponse('not_found'));
}

/** The JSON 500 for an unexpected error (details go to the log, never the client). */
export function errorPage(error: unknown): TextResponse {
  console.error('[example] unexpected error', error);
  return fromHttpResponse(errorResponse(error));
}

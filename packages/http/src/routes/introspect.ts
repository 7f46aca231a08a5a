/**
 * `POST /introspect`: RFC 7662 token introspection for resource servers. The caller
 * authenticates with its client credentials in HTTP Basic (RFC 6749 §2.3.1: id and secret
 * each form-urlencoded, then joined by a colon); the body is a form (or JSON) with `token`
 * and an optional `token_type_hint`.
 */
import { bodyObject, field, textField } from '../body.ts';
import { failureResponse, jsonResponse } from '../responses.ts';
import type { PublicRoute } from './route.ts';

/** RFC 7617 §2 / RFC 6749 §2.3.1 client credentials, or `null` when the header is not Basic. */
export function parseBasicCredentials(
  header: string | null,
): { readonly id: string; readonly secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header ?? '');
  if (!match?.[1] || match[1].length > 4096) return null;
  try {
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0)),
    );
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
    return {
      id: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
    };
  } catch {
    return null;
  }
}

/** RFC 6749 §5.2: an `invalid_client` answer to Basic authentication names the scheme. */
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="introspection", charset="UTF-8"' };

const introspect: PublicRoute = {
  method: 'POST',
  path: '/introspect',
  authenticated: false,
  form: true,
  async run({ auth, req, context }) {
    const credentials = parseBasicCredentials(req.headers.get('authorization'));
    if (credentials === null)
      return failureResponse('introspect', 'invalid_client', { headers: BASIC_CHALLENGE });
    const body = bodyObject(req.body);
    const hint = field(body, 'token_type_hint');
    const result = await auth.introspectToken({
      clientId: credentials.id,
      clientSecret: credentials.secret,
      token: textField(body, 'token'),
      tokenTypeHint: typeof hint === 'string' ? hint : undefined,
      context,
    });
    if (!result.ok)
      return failureResponse('introspect', result.reason, { headers: BASIC_CHALLENGE });
    return jsonResponse(200, result.response);
  },
};

export const introspectionRoutes = [introspect] as const;

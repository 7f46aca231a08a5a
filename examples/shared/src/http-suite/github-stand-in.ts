/**
 * A small local server speaking GitHub's OAuth endpoints (authorize, access_token) and the
 * two API calls sign-in makes (`GET /user`, `GET /user/emails`), with GitHub's shapes:
 * refusals at the token endpoint are 200 with an `error` member; codes are single use and
 * bound to the PKCE challenge and the redirect URI.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitHubEmail {
  readonly email: string;
  readonly primary: boolean;
  readonly verified: boolean;
}

export interface GitHubUser {
  readonly id: number;
  readonly login: string;
  readonly emails: readonly GitHubEmail[];
}

interface PendingCode {
  readonly user: GitHubUser;
  readonly challenge: string;
  readonly redirectUri: string;
}

export interface GitHubStandIn {
  readonly url: string;
  /** Who approves the next authorization (the user "signed in at GitHub"). */
  signInAs(user: GitHubUser): void;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function formOf(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startGitHubStandIn(client: {
  readonly clientId: string;
  readonly clientSecret: string;
}): Promise<GitHubStandIn> {
  let current: GitHubUser | null = null;
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, GitHubUser>();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirectUri = url.searchParams.get('redirect_uri') ?? '';
      if (url.searchParams.get('client_id') !== client.clientId || !current)
        return send(res, 400, { error: 'bad_request' });
      const back = new URL(redirectUri);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      if (url.searchParams.get('code_challenge_method') !== 'S256') {
        back.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(10).toString('hex');
        codes.set(code, {
          user: current,
          challenge: url.searchParams.get('code_challenge') ?? '',
          redirectUri,
        });
        back.searchParams.set('code', code);
      }
      return send(res, 302, undefined, { location: back.href });
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const form = await formOf(req);
      const code = form.get('code') ?? '';
      const pending = codes.get(code);
      codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        form.get('client_id') !== client.clientId ||
        form.get('client_secret') !== client.clientSecret ||
        !pending ||
        pending.redirectUri !== form.get('redirect_uri') ||
        pending.challenge !== challenge
      ) {
        return send(res, 200, { error: 'bad_verification_code' });
      }
      const token = `gho_${randomBytes(16).toString('hex')}`;
      tokens.set(token, pending.user);
      return send(res, 200, {
        access_token: token,
        token_type: 'bearer',
        scope: 'read:user,user:email',
      });
    }
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const user = tokens.get(token);
    if (req.method === 'GET' && (url.pathname === '/user' || url.pathname === '/user/emails')) {
      if (!user) return send(res, 401, { message: 'Bad credentials' });
      if (url.pathname === '/user')
        return send(res, 200, { id: user.id, login: user.login, email: null });
      return send(
        res,
        200,
        user.emails.map((email) => ({ ...email, visibility: null })),
      );
    }
    return send(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    signInAs(user) {
      current = user;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

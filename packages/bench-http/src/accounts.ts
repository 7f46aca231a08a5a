/** Creates the benchmark user on each server and collects what the load scripts send. */

const JSON_HEADERS = { 'content-type': 'application/json' };
export const EMAIL = 'bench-http@example.com';
export const PASSWORD = 'correct horse battery staple';

export interface Credentials {
  readonly bearer: string;
  readonly cookie: string;
}

async function post(url: string, body: unknown): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    // Browsers send Origin on every POST; Better Auth refuses a POST without one.
    headers: { ...JSON_HEADERS, origin: new URL(url).origin },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
  return response;
}

function cookieOf(response: Response): string {
  const first = response.headers.getSetCookie()[0];
  if (!first) throw new Error(`${response.url} set no cookie`);
  return first.split(';')[0] ?? '';
}

/** Signs up and verifies (code from the dev mailbox), then signs in by cookie and by bearer. */
export async function portcullisAccount(base: string): Promise<Credentials> {
  await post(`${base}/auth/sign-up`, { email: EMAIL, password: PASSWORD });
  const mailbox = (await (await fetch(`${base}/dev/mailbox.json`)).json()) as {
    mails: { to: string; code?: string }[];
  };
  const code = mailbox.mails.find((mail) => mail.to === EMAIL)?.code;
  if (!code) throw new Error('no verification code in the dev mailbox');
  await post(`${base}/auth/verify-email`, { email: EMAIL, code });
  const cookie = cookieOf(await post(`${base}/auth/sign-in`, { email: EMAIL, password: PASSWORD }));
  const bearer = (await (
    await post(`${base}/auth/sign-in`, { email: EMAIL, password: PASSWORD, mode: 'bearer' })
  ).json()) as { accessToken: string };
  return { bearer: bearer.accessToken, cookie };
}

/** Signs up (which signs in), then signs in once more for the bearer token. */
export async function betterAuthAccount(base: string): Promise<Credentials> {
  await post(`${base}/api/auth/sign-up/email`, { email: EMAIL, password: PASSWORD, name: 'Bench' });
  const signedIn = await post(`${base}/api/auth/sign-in/email`, {
    email: EMAIL,
    password: PASSWORD,
  });
  const bearer = signedIn.headers.get('set-auth-token');
  if (!bearer) throw new Error('Better Auth sent no set-auth-token header');
  return { bearer, cookie: cookieOf(signedIn) };
}

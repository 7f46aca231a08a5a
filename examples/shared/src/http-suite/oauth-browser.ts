/**
 * Plays the user's browser at a provider: follows its redirects with a cookie jar and
 * submits its login form (oidc-provider's development pages) as `login`, until the
 * provider sends the browser to `redirectUri`; returns that callback's parameters.
 */

function remember(jar: Map<string, string>, setCookies: readonly string[]): void {
  for (const header of setCookies) {
    const [pair = ''] = header.split(';');
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(header)) jar.delete(name);
    else jar.set(name, value);
  }
}

export async function authorizeAtProvider(
  authorizationUrl: string,
  login: string,
  redirectUri: string,
): Promise<URLSearchParams> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    const headers: Record<string, string> = {
      cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form ? { body: form.toString() } : {}),
    });
    remember(jar, response.headers.getSetCookie());
    const html = await response.text();
    const location = response.headers.get('location');
    form = null;
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(`${redirectUri}?`)) return next.searchParams;
      url = next.href;
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (response.status !== 200 || !action || !prompt) {
      throw new Error(
        `the provider answered ${response.status} without a form: ${html.slice(0, 300)}`,
      );
    }
    url = new URL(action, url).href;
    form = new URLSearchParams(
      prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt },
    );
  }
  throw new Error('the provider never redirected back');
}

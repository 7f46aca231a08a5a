// The demo page's provider sign-in: a button per configured provider, linking for a
// signed-in user, and finishing the callback when a provider sends the browser back to
// /oauth/callback/<provider>?code=…&state=… (its registered redirect URI). The state,
// nonce and PKCE verifier never touch this script: they travel in an HttpOnly cookie.

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const INTENT = 'portcullis-demo-oauth-intent';

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  return {
    ok: response.ok,
    status: response.status,
    body: text === '' ? undefined : JSON.parse(text),
  };
}

function show(result, summary) {
  const output = byTestId('oauth-result');
  output.dataset.state = result.ok ? 'ok' : 'error';
  const line = document.createElement('p');
  const error = result.body?.error;
  line.textContent = result.ok
    ? `${result.status} ${summary}`
    : `${result.status} ${error?.code}: ${error?.message}`;
  line.dataset.testid = 'oauth-summary';
  const pre = document.createElement('pre');
  pre.textContent = JSON.stringify(result.body ?? null, null, 2);
  output.replaceChildren(line, pre);
}

async function start(provider, link) {
  sessionStorage.setItem(INTENT, link ? 'link' : 'sign-in');
  const path = `/auth/oauth/${encodeURIComponent(provider)}/${link ? 'link/start' : 'start'}`;
  const result = await api('POST', path, { redirectTo: '/' });
  if (!result.ok) return show(result);
  location.assign(result.body.authorizationUrl);
}

const summaries = {
  created: 'Signed in: a new account was made from the provider identity.',
  signed_in: 'Signed in with the provider.',
  linked: 'The provider is now linked to your account.',
  mfa_required: 'This account needs a second factor.',
  link_requires_confirmation:
    'An account already has this address. Sign in with its password (step 3), then press "Link" here.',
};

async function finishCallback() {
  const match = /^\/oauth\/callback\/([a-z0-9-]+)$/.exec(location.pathname);
  if (!match) return;
  const params = Object.fromEntries(new URLSearchParams(location.search));
  const link = sessionStorage.getItem(INTENT) === 'link';
  sessionStorage.removeItem(INTENT);
  // The code is single use: take it out of the address bar and history before anything else.
  history.replaceState(null, '', '/');
  const path = `/auth/oauth/${match[1]}/${link ? 'link/callback' : 'callback'}`;
  const result = await api('POST', path, params);
  show(result, summaries[result.body?.status] ?? 'Done.');
  if (result.ok && result.body.user) byTestId('whoami').textContent = result.body.user.email;
}

async function loadAccounts() {
  const result = await api('GET', '/auth/oauth/accounts');
  const list = byTestId('oauth-accounts');
  if (!result.ok) {
    list.replaceChildren();
    return show(result);
  }
  list.replaceChildren(
    ...result.body.accounts.map((account) => {
      const item = document.createElement('li');
      item.dataset.testid = 'oauth-account';
      const unlink = document.createElement('button');
      unlink.type = 'button';
      unlink.textContent = 'Unlink';
      unlink.addEventListener('click', async () => {
        const answer = await api(
          'DELETE',
          `/auth/oauth/accounts/${encodeURIComponent(account.id)}`,
        );
        show(answer, 'Unlinked.');
        if (answer.ok) await loadAccounts();
      });
      item.append(`${account.provider} · ${account.email ?? 'no address'} `, unlink);
      return item;
    }),
  );
  show(result, `${result.body.accounts.length} linked provider(s)`);
}

async function renderProviders() {
  const result = await api('GET', '/auth/oauth/providers');
  if (!result.ok) return;
  const buttons = result.body.providers.flatMap((provider) => {
    const signIn = document.createElement('button');
    signIn.type = 'button';
    signIn.textContent = `Sign in with ${provider.name}`;
    signIn.dataset.testid = `oauth-sign-in-${provider.id}`;
    signIn.addEventListener('click', () => void start(provider.id, false));
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'secondary';
    link.textContent = `Link ${provider.name}`;
    link.dataset.testid = `oauth-link-${provider.id}`;
    link.addEventListener('click', () => void start(provider.id, true));
    return [signIn, link];
  });
  if (buttons.length === 0) {
    const none = document.createElement('p');
    none.textContent = 'No provider is configured (set DEV_OIDC=on or a provider’s client id).';
    buttons.push(none);
  }
  byTestId('oauth-providers').replaceChildren(...buttons);
}

document
  .querySelector('[data-oauth-action="accounts"]')
  .addEventListener('click', () => void loadAccounts());
await renderProviders();
await finishCallback();

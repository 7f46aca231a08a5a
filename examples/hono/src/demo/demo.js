// The demo page's script. It is served from /demo.js rather than inlined so the page works
// under a strict Content-Security-Policy (script-src 'self', no 'unsafe-inline'); for the
// same reason the styles are a constructed stylesheet, not a <style> element.
// Every call uses cookie mode: the browser keeps the HttpOnly session cookie and this script
// never sees it. fetch sends the page's Origin header, which the API's CSRF check requires.

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  section { border-top: 1px solid #ccc; padding: .5rem 0 1rem; }
  label { display: block; margin: .25rem 0; }
  input { margin-left: .5rem; }
  button { margin: .25rem .25rem .25rem 0; }
  output { display: block; margin-top: .5rem; }
  header output { display: inline; margin: 0; font-weight: bold; }
  output[data-state="ok"] { color: #14532d; }
  output[data-state="error"] { color: #b91c1c; }
  pre { background: #f4f4f5; padding: .5rem; overflow-x: auto; }
  li[data-current="true"] { font-weight: bold; }
`);
document.adoptedStyleSheets = [sheet];

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** Calls the API; resolves to { ok, status, body } and never throws on HTTP errors. */
async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  try {
    const response = await fetch(path, init);
    const text = await response.text();
    let parsed;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { ok: response.ok, status: response.status, body: parsed };
  } catch (error) {
    return {
      ok: false,
      status: 0,
      body: { error: { code: 'network_error', message: String(error) } },
    };
  }
}

/** Shows a result in an output region: a one-line summary, then the JSON body if any. */
function show(testId, result, summary) {
  const output = byTestId(testId);
  const line = document.createElement('p');
  const children = [line];
  if (result.ok) {
    output.dataset.state = 'ok';
    line.textContent = `${result.status} ${summary}`;
  } else {
    output.dataset.state = 'error';
    const error = result.body?.error;
    line.textContent = error
      ? `${result.status} ${error.code}: ${error.message}`
      : `${result.status} unexpected answer`;
    for (const issue of error?.issues ?? []) {
      const item = document.createElement('p');
      item.textContent = `${issue.field}: ${issue.problem}`;
      children.push(item);
    }
  }
  if (result.body !== undefined) {
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(result.body, null, 2);
    children.push(pre);
  }
  output.replaceChildren(...children);
}

function setWhoami(email) {
  byTestId('whoami').textContent = email ?? 'nobody';
}

/** Copies an address typed once into the other forms' empty email fields. */
function rememberEmail(email) {
  for (const id of ['verify-email', 'signin-email', 'forgot-email']) {
    const input = byTestId(id);
    if (input.value === '') input.value = email;
  }
}

const formatDate = (value) => (value ? new Date(value).toLocaleString() : '—');

function renderSessions(sessions, currentSessionId) {
  const items = sessions.map((session) => {
    const item = document.createElement('li');
    item.dataset.testid = 'session';
    item.dataset.sessionId = session.id;
    item.dataset.current = String(session.id === currentSessionId);
    const text = document.createElement('span');
    text.textContent = [
      session.id === currentSessionId ? 'This browser' : 'Other session',
      session.userAgent ?? 'unknown agent',
      session.ip ?? 'unknown IP',
      `signed in ${formatDate(session.createdAt)}`,
      `last used ${formatDate(session.lastUsedAt)}`,
    ].join(' · ');
    const revoke = document.createElement('button');
    revoke.type = 'button';
    revoke.textContent = 'Revoke';
    revoke.dataset.testid = 'session-revoke';
    revoke.addEventListener('click', () => revokeSession(session.id));
    item.append(text, ' ', revoke);
    return item;
  });
  byTestId('sessions-list').replaceChildren(...items);
}

async function loadSessions() {
  const result = await api('GET', '/auth/sessions');
  if (result.ok) {
    renderSessions(result.body.sessions, result.body.currentSessionId);
    show('sessions-result', result, `${result.body.sessions.length} active session(s)`);
  } else {
    byTestId('sessions-list').replaceChildren();
    show('sessions-result', result);
  }
}

async function revokeSession(sessionId) {
  const result = await api('DELETE', `/auth/sessions/${encodeURIComponent(sessionId)}`);
  if (!result.ok) return show('sessions-result', result);
  await loadSessions();
}

const formActions = {
  'sign-up': async ({ email, password }) => {
    const result = await api('POST', '/auth/sign-up', { email, password });
    if (result.ok) rememberEmail(email);
    show('signup-result', result, 'Check the dev mailbox for your verification code.');
  },
  'verify-email': async ({ email, code }) => {
    const result = await api('POST', '/auth/verify-email', { email, code: code.trim() });
    show('verify-result', result, 'Email verified: you can sign in.');
  },
  'sign-in': async ({ email, password }) => {
    const result = await api('POST', '/auth/sign-in', { email, password, mode: 'cookie' });
    if (result.ok && result.body.status === 'mfa_required') {
      return show('signin-result', result, 'This account needs a second factor.');
    }
    if (result.ok) setWhoami(result.body.user.email);
    show('signin-result', result, 'Signed in.');
  },
  'change-password': async ({ currentPassword, newPassword }) => {
    const result = await api('POST', '/auth/password/change', { currentPassword, newPassword });
    show('change-result', result, 'Password changed.');
  },
  'forgot-password': async ({ email }) => {
    const result = await api('POST', '/auth/password/forgot', { email });
    show('forgot-result', result, 'If the account exists, a reset link is in the dev mailbox.');
  },
  'reset-password': async ({ token, password }) => {
    const result = await api('POST', '/auth/password/reset', { token: token.trim(), password });
    show('reset-result', result, 'Password reset: sign in with the new one.');
  },
};

const buttonActions = {
  'resend-verification': async () => {
    const email = byTestId('verify-email').value;
    const result = await api('POST', '/auth/verify-email/resend', { email });
    show('verify-result', result, 'If the address needs it, a new code is in the dev mailbox.');
  },
  me: async () => {
    const result = await api('GET', '/auth/me');
    setWhoami(result.ok ? result.body.user.email : undefined);
    show('me-result', result, 'This is you.');
  },
  'list-sessions': loadSessions,
  'revoke-others': async () => {
    const result = await api('POST', '/auth/sessions/revoke-others');
    show('sessions-result', result, 'Every other session is signed out.');
    if (result.ok) await loadSessions();
  },
  'sign-out': async () => {
    const result = await api('POST', '/auth/sign-out');
    if (result.ok) {
      setWhoami(undefined);
      byTestId('sessions-list').replaceChildren();
    }
    show('signout-result', result, 'Signed out.');
  },
};

for (const form of document.querySelectorAll('form[data-action]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    void formActions[form.dataset.action](values);
  });
}
for (const button of document.querySelectorAll('button[data-action]')) {
  button.addEventListener('click', () => void buttonActions[button.dataset.action]());
}

// Mailed links land here with their token in the fragment (#reset-password=… or
// #verify-email=…), which never reaches a server. Take it, then drop it from the address bar.
async function takeTokenFromLink() {
  if (location.hash === '') return;
  const fromLink = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
  const resetToken = fromLink.get('reset-password');
  if (resetToken) {
    byTestId('reset-token').value = resetToken;
    byTestId('reset-password').focus();
  }
  const verifyToken = fromLink.get('verify-email');
  if (verifyToken) {
    const result = await api('POST', '/auth/verify-email', { token: verifyToken });
    show('verify-result', result, 'Email verified: you can sign in.');
  }
}
window.addEventListener('hashchange', () => void takeTokenFromLink());
await takeTokenFromLink();

// Show who is signed in when the page is reloaded.
const initial = await api('GET', '/auth/me');
if (initial.ok) setWhoami(initial.body.user.email);

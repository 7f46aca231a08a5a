// The demo page's script. It is served from /demo.js rather than inlined (and the styles from
// /demo.css) so the page works under a strict Content-Security-Policy: script-src and
// style-src 'self', no 'unsafe-inline'.
// Every call uses cookie mode: the browser keeps the HttpOnly session cookie and this script
// never sees it. fetch sends the page's Origin header, which the API's CSRF check requires.

export const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** Calls the API; resolves to { ok, status, body } and never throws on HTTP errors. */
export async function api(method, path, body) {
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
export function show(testId, result, summary) {
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

/**
 * Shows who is signed in. When that changes (sign-in, sign-out, a session that ended), every
 * earlier result is about someone else's state, so all are cleared except `keep`, the answer
 * to the action that changed it.
 */
export function setWhoami(email, keep) {
  const whoami = byTestId('whoami');
  const now = email ?? 'nobody';
  if (whoami.textContent === now) return;
  whoami.textContent = now;
  for (const output of document.querySelectorAll('main output')) {
    if (output.dataset.testid !== keep) clearOutput(output);
  }
  // The lists of the user's sessions, keys, organizations and passkeys.
  for (const list of document.querySelectorAll('main ul[data-testid$="-list"]')) {
    list.replaceChildren();
  }
}

function clearOutput(output) {
  output.replaceChildren();
  delete output.dataset.state;
}

/** Copies an address typed once into the other forms' empty email fields. */
function rememberEmail(email) {
  for (const id of ['verify-email', 'signin-email', 'forgot-email', 'magic-email', 'code-email']) {
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
    if (result.status === 401) setWhoami(undefined, 'sessions-result');
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
      // demo-mfa.js asks for the code; the challenge signs nobody in by itself.
      document.dispatchEvent(new CustomEvent('mfa-required', { detail: result.body }));
      return show('signin-result', result, 'This account needs a second factor: finish below.');
    }
    if (result.ok) setWhoami(result.body.user.email, 'signin-result');
    show('signin-result', result, 'Signed in.');
  },
  'magic-link': async ({ email }) => {
    const result = await api('POST', '/auth/magic-link', { email });
    show('magic-result', result, 'A sign-in link is in the dev mailbox (if one could be sent).');
  },
  'sign-in-code': async ({ email }) => {
    const result = await api('POST', '/auth/sign-in-code', { email });
    show('code-result', result, 'If the account exists, a code is in the dev mailbox.');
  },
  'sign-in-code-verify': async ({ code }) => {
    const email = byTestId('code-email').value;
    const result = await api('POST', '/auth/sign-in-code/verify', { email, code: code.trim() });
    signedIn('code-result', result);
  },
  'change-password': async ({ currentPassword, newPassword }) => {
    const result = await api('POST', '/auth/password/change', { currentPassword, newPassword });
    // Other sessions were signed out: a session list shown before is out of date.
    if (result.ok && byTestId('sessions-list').childElementCount > 0) await loadSessions();
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
  // Deletes only on this explicit submit, never on merely opening the mailed link.
  'confirm-deletion': async ({ token }) => {
    const result = await api('POST', '/auth/account/delete/confirm', { token: token.trim() });
    if (result.ok && result.body.status === 'deleted') setWhoami(undefined, 'delete-result');
    show(
      'delete-result',
      result,
      result.body?.status === 'deleted'
        ? 'Your account and its data are deleted.'
        : 'Part of the deletion failed: confirm again with the retry token.',
    );
    if (result.ok && result.body.retryToken)
      byTestId('delete-token').value = result.body.retryToken;
  },
};

/** Shows a passwordless sign-in's answer: signed in, or a second factor still owed. */
function signedIn(testId, result) {
  if (result.ok && result.body.status === 'mfa_required') {
    document.dispatchEvent(new CustomEvent('mfa-required', { detail: result.body }));
    return show(testId, result, 'This account needs a second factor: enter a code in step 3.');
  }
  if (result.ok) setWhoami(result.body.user.email, testId);
  show(testId, result, 'Signed in.');
}

/** Saves a JSON document as a file through a temporary link (no server round trip). */
function download(filename, document_) {
  const blob = new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

const buttonActions = {
  // A new code is a new sign-up: only a code mailed together with a typed password may
  // activate that password, so the page signs up again with the form's values.
  'resend-verification': async () => {
    const email = byTestId('signup-email').value || byTestId('verify-email').value;
    const password = byTestId('signup-password').value;
    if (!password) {
      const error = { code: 'sign_up_again', message: 'Fill in step 1 again to get a new code.' };
      return show('verify-result', { ok: false, status: 0, body: { error } });
    }
    const result = await api('POST', '/auth/sign-up', { email, password });
    show('verify-result', result, 'A new code is in the dev mailbox.');
  },
  me: async () => {
    const result = await api('GET', '/auth/me');
    setWhoami(result.ok ? result.body.user.email : undefined, 'me-result');
    show('me-result', result, 'This is you.');
  },
  'list-sessions': loadSessions,
  'revoke-others': async () => {
    const result = await api('POST', '/auth/sessions/revoke-others');
    show('sessions-result', result, 'Every other session is signed out.');
    if (result.ok) await loadSessions();
  },
  'export-data': async () => {
    const result = await api('GET', '/auth/account/export');
    if (result.ok) download('account-export.json', result.body);
    show(
      'data-result',
      result.ok ? { ...result, body: undefined } : result,
      `Downloaded account-export.json (${result.ok ? Object.keys(result.body.modules).join(', ') : ''}).`,
    );
  },
  'delete-account': async () => {
    const result = await api('POST', '/auth/account/delete');
    show('data-result', result, 'Check the dev mailbox: open the deletion link to confirm.');
  },
  'sign-out': async () => {
    const result = await api('POST', '/auth/sign-out');
    if (result.ok) setWhoami(undefined, 'signout-result');
    show('signout-result', result, 'Signed out.');
  },
};

// API keys (section 5a). The secret of a new key lives only in this variable and on screen.
let newestApiKey = null;

function renderApiKeys(keys) {
  const items = keys.map((key) => {
    const item = document.createElement('li');
    item.dataset.testid = 'apikey';
    const state = key.revokedAt ? 'revoked' : key.rotatedAt ? 'rotated' : 'active';
    const text = document.createElement('span');
    text.textContent = [
      `${key.name} (${key.prefix}…)`,
      state,
      `scopes ${key.scopes.join(' ') || 'none'}`,
      `IPs ${key.allowedIps.join(', ') || 'any'}`,
      `last used ${formatDate(key.lastUsedAt)}`,
    ].join(' · ');
    item.append(text);
    if (state === 'active') {
      for (const [label, run] of [
        ['Rotate', () => rotateApiKey(key.id)],
        ['Revoke', () => revokeApiKey(key.id)],
      ]) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label;
        button.dataset.testid = `apikey-${label.toLowerCase()}`;
        button.addEventListener('click', run);
        item.append(' ', button);
      }
    }
    return item;
  });
  byTestId('apikeys-list').replaceChildren(...items);
}

async function loadApiKeys() {
  const result = await api('GET', '/auth/api-keys');
  if (result.ok) renderApiKeys(result.body.keys);
  else byTestId('apikeys-list').replaceChildren();
  return result;
}

async function revokeApiKey(id) {
  const result = await api('DELETE', `/auth/api-keys/${encodeURIComponent(id)}`);
  show('apikey-result', result, 'Key revoked: it is refused from now on.');
  await loadApiKeys();
}

async function rotateApiKey(id) {
  const result = await api('POST', `/auth/api-keys/${encodeURIComponent(id)}/rotate`, {
    overlapSeconds: 60,
  });
  if (result.ok) newestApiKey = result.body.apiKey;
  show('apikey-result', result, 'New key below (shown once); the old one works for 60 s more.');
  await loadApiKeys();
}

Object.assign(formActions, {
  'create-api-key': async ({ name, allowedIps }) => {
    const ranges = allowedIps
      .split(',')
      .map((range) => range.trim())
      .filter((range) => range !== '');
    const result = await api('POST', '/auth/api-keys', {
      name,
      scopes: ['reports:read'],
      ...(ranges.length > 0 ? { allowedIps: ranges } : {}),
    });
    if (result.ok) newestApiKey = result.body.apiKey;
    show('apikey-result', result, 'Key created. Copy it now: it is shown only once.');
    if (result.ok) await loadApiKeys();
  },
});

Object.assign(buttonActions, {
  'list-api-keys': async () => {
    const result = await loadApiKeys();
    show('apikey-result', result, `${result.body?.keys?.length ?? 0} key(s)`);
  },
  'try-api-key': async () => {
    if (newestApiKey === null) {
      const error = { code: 'no_key', message: 'Create or rotate a key first.' };
      return show('apikey-result', { ok: false, status: 0, body: { error } });
    }
    // credentials: 'omit': the key alone authenticates, not the session cookie.
    const response = await fetch('/api/reports', {
      credentials: 'omit',
      headers: { 'x-api-key': newestApiKey },
    });
    const body = await response.json();
    show('apikey-result', { ok: response.ok, status: response.status, body }, 'Called as the key.');
  },
});

// Organizations (section 5b).
function renderOrganizations(organizations) {
  const items = organizations.map((organization) => {
    const item = document.createElement('li');
    item.dataset.testid = 'org';
    item.dataset.orgId = organization.id;
    const text = document.createElement('span');
    text.textContent = `${organization.name} · ${organization.id} · you are ${organization.role}`;
    const members = document.createElement('button');
    members.type = 'button';
    members.textContent = 'Members';
    members.dataset.testid = 'org-members';
    members.addEventListener('click', async () => {
      const result = await api(
        'GET',
        `/auth/organizations/${encodeURIComponent(organization.id)}/members`,
      );
      show('org-result', result, `${result.body?.members?.length ?? 0} member(s)`);
    });
    const leave = document.createElement('button');
    leave.type = 'button';
    leave.textContent = 'Leave';
    leave.dataset.testid = 'org-leave';
    leave.addEventListener('click', async () => {
      const result = await api(
        'POST',
        `/auth/organizations/${encodeURIComponent(organization.id)}/leave`,
      );
      show('org-result', result, 'You left the organization.');
      await loadOrganizations();
    });
    item.append(text, ' ', members, ' ', leave);
    return item;
  });
  byTestId('orgs-list').replaceChildren(...items);
}

async function loadOrganizations() {
  const result = await api('GET', '/auth/organizations');
  if (result.ok) renderOrganizations(result.body.organizations);
  return result;
}

/** Fills the organization id fields that are still empty. */
function rememberOrganization(id) {
  for (const testId of ['invite-org', 'transfer-org']) {
    const input = byTestId(testId);
    if (input.value === '') input.value = id;
  }
}

Object.assign(formActions, {
  'create-organization': async ({ name }) => {
    const result = await api('POST', '/auth/organizations', { name });
    if (result.ok) rememberOrganization(result.body.organization.id);
    show('org-result', result, 'Organization created: you are its owner.');
    if (result.ok) await loadOrganizations();
  },
  'invite-member': async ({ organizationId, email, role }) => {
    const path = `/auth/organizations/${encodeURIComponent(organizationId.trim())}/invitations`;
    const result = await api('POST', path, { email, role });
    show('org-result', result, 'Invitation sent: it is in the dev mailbox.');
  },
  'accept-invitation': async ({ token }) => {
    const result = await api('POST', '/auth/organization-invitations/accept', {
      token: token.trim(),
    });
    show('org-result', result, 'Invitation accepted.');
    if (result.ok) await loadOrganizations();
  },
  'transfer-ownership': async ({ organizationId, newOwnerId }) => {
    const path = `/auth/organizations/${encodeURIComponent(organizationId.trim())}/transfer`;
    const result = await api('POST', path, { newOwnerId: newOwnerId.trim() });
    show('org-result', result, 'Ownership transferred: you are now an admin.');
    if (result.ok) await loadOrganizations();
  },
});

Object.assign(buttonActions, {
  'list-organizations': async () => {
    const result = await loadOrganizations();
    show('org-result', result, `${result.body?.organizations?.length ?? 0} organization(s)`);
  },
});

for (const form of document.querySelectorAll('form[data-action]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    // A password stays in the page no longer than its one request.
    for (const input of form.querySelectorAll('input[type="password"]')) input.value = '';
    void formActions[form.dataset.action](values);
  });
}
for (const button of document.querySelectorAll('button[data-action]')) {
  button.addEventListener('click', () => void buttonActions[button.dataset.action]());
}

// Mailed links land here with their token in the fragment (#reset-password=…,
// #verify-email=… or #magic-link=…), which never reaches a server. Take it, then drop it
// from the address bar.
async function takeTokenFromLink() {
  if (location.hash === '') return;
  const fromLink = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, '', location.pathname);
  const resetToken = fromLink.get('reset-password');
  if (resetToken) {
    byTestId('reset-token').value = resetToken;
    byTestId('reset-password').focus();
  }
  const deleteToken = fromLink.get('delete-account');
  if (deleteToken) {
    byTestId('delete-token').value = deleteToken;
    byTestId('delete-confirm').focus();
  }
  const verifyToken = fromLink.get('verify-email');
  if (verifyToken) {
    const result = await api('POST', '/auth/verify-email', { token: verifyToken });
    show('verify-result', result, 'Email verified: you can sign in.');
  }
  const invitationToken = fromLink.get('accept-invitation');
  if (invitationToken) {
    byTestId('accept-token').value = invitationToken;
    byTestId('accept-submit').focus();
  }
  const magicToken = fromLink.get('magic-link');
  if (magicToken) {
    signedIn('magic-result', await api('POST', '/auth/magic-link/consume', { token: magicToken }));
  }
}
window.addEventListener('hashchange', () => void takeTokenFromLink());
await takeTokenFromLink();

// Which flows the server offers (GET /auth/flows); a switched-off flow's routes answer 404.
const offered = await api('GET', '/auth/flows');
if (offered.ok) {
  byTestId('flows').textContent = Object.entries(offered.body.flows)
    .map(([flow, on]) => `${flow} ${on ? 'on' : 'off'}`)
    .join(' · ');
}

// Show who is signed in when the page is reloaded (keeping a mailed link's result).
const initial = await api('GET', '/auth/me');
if (initial.ok) setWhoami(initial.body.user.email, 'verify-result');

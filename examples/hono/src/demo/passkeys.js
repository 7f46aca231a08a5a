// The demo page's passkeys (served as /demo-passkeys.js): adding one, listing, renaming and
// removing them, usernameless sign-in, and a passkey as the second factor (at sign-in and to
// step up). The WebAuthn ceremonies run in @simplewebauthn/browser, whose bundle the page
// loads from /vendor/simplewebauthn-browser.js as the global SimpleWebAuthnBrowser.
// The server's options go to the browser unchanged and its answer comes back unchanged:
// every check (challenge, origin, rpID, signature, counter) is the server's.
import { api, byTestId, setWhoami, show } from '/demo.js';

const { browserSupportsWebAuthn, startAuthentication, startRegistration } =
  globalThis.SimpleWebAuthnBrowser;

/** The challenge of the last `mfa_required` sign-in, when it offered a passkey. */
let challengeToken = null;

/**
 * Runs a ceremony in the browser. A refusal there (the person cancelled, no passkey for this
 * site, the authenticator already holds one for this account) becomes an answer the page
 * shows like the server's, with status 0: nothing reached the server.
 */
async function ceremony(start, options) {
  try {
    return { ok: true, response: await start({ optionsJSON: options }) };
  } catch (error) {
    const code = error.code ?? error.name ?? 'webauthn_error';
    return { ok: false, status: 0, body: { error: { code, message: error.message } } };
  }
}

/** Asks the server for options at `optionsPath`, then has the browser answer them. */
async function optionsThenCeremony(start, optionsPath, body) {
  const options = await api('POST', optionsPath, body);
  if (!options.ok) return options;
  return ceremony(start, options.body.options);
}

const formatDate = (value) => (value ? new Date(value).toLocaleString() : 'never');

function describePasskey(passkey) {
  return [
    passkey.name,
    passkey.backedUp ? 'synced' : 'this device only',
    passkey.transports.length > 0 ? passkey.transports.join(', ') : 'no transport listed',
    `added ${formatDate(passkey.createdAt)}`,
    `last used ${formatDate(passkey.lastUsedAt)}`,
  ].join(' · ');
}

function renderPasskeys(passkeys) {
  const items = passkeys.map((passkey) => {
    const item = document.createElement('li');
    item.dataset.testid = 'passkey';
    item.dataset.passkeyId = passkey.id;
    const text = document.createElement('span');
    text.dataset.testid = 'passkey-label';
    text.textContent = describePasskey(passkey);
    const controls = document.createElement('div');
    controls.className = 'actions';
    const name = document.createElement('input');
    name.value = passkey.name;
    name.maxLength = 64;
    name.autocomplete = 'off';
    name.ariaLabel = `New name for ${passkey.name}`;
    name.dataset.testid = 'passkey-new-name';
    const rename = document.createElement('button');
    rename.type = 'button';
    rename.textContent = 'Rename';
    rename.dataset.testid = 'passkey-rename';
    rename.addEventListener('click', () => void renamePasskey(passkey.id, name.value));
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.dataset.testid = 'passkey-remove';
    remove.addEventListener('click', () => void removePasskey(passkey.id));
    controls.append(name, rename, remove);
    item.append(text, controls);
    return item;
  });
  byTestId('passkeys-list').replaceChildren(...items);
}

async function loadPasskeys() {
  const result = await api('GET', '/auth/passkeys');
  if (result.ok) renderPasskeys(result.body.passkeys);
  else byTestId('passkeys-list').replaceChildren();
  return result;
}

async function renamePasskey(id, name) {
  const result = await api('PATCH', `/auth/passkeys/${encodeURIComponent(id)}`, {
    name: name.trim(),
  });
  show('passkey-result', result, 'Passkey renamed.');
  if (result.ok) await loadPasskeys();
}

async function removePasskey(id) {
  const result = await api('DELETE', `/auth/passkeys/${encodeURIComponent(id)}`);
  // Only the server's list, not the browser's authenticator, forgets it: the browser may
  // still offer it, and the server then refuses it as unknown.
  show('passkey-result', result, 'Passkey removed from your account.');
  if (result.ok) await loadPasskeys();
}

/** A sign-in's answer: signed in, or (a passkey without user verification) a factor owed. */
function signedIn(testId, result) {
  if (result.ok && result.body.status === 'mfa_required') {
    document.dispatchEvent(new CustomEvent('mfa-required', { detail: result.body }));
    return show(testId, result, 'This account needs a second factor: finish below.');
  }
  if (result.ok) {
    // A second-factor prompt left open by an earlier password sign-in is moot now.
    document.dispatchEvent(new CustomEvent('mfa-finished'));
    setWhoami(result.body.user.email, testId);
  }
  show(testId, result, `Signed in with a passkey (${result.body?.session?.aal ?? ''}).`);
}

const actions = {
  list: async () => {
    const result = await loadPasskeys();
    show('passkey-result', result, `${result.body?.passkeys?.length ?? 0} passkey(s)`);
  },
  // Usernameless: the options name no account, so the browser offers every passkey it
  // holds for this site, and the passkey's user handle says whose it is.
  'sign-in': async () => {
    const answer = await optionsThenCeremony(startAuthentication, '/auth/sign-in/passkey/options');
    if (!answer.ok) return show('signin-result', answer);
    const result = await api('POST', '/auth/sign-in/passkey', {
      response: answer.response,
      mode: 'cookie',
    });
    signedIn('signin-result', result);
  },
  'second-factor': async () => {
    const answer = await optionsThenCeremony(
      startAuthentication,
      '/auth/sign-in/mfa/passkey/options',
      { challengeToken },
    );
    if (!answer.ok) return show('mfa-signin-result', answer);
    const result = await api('POST', '/auth/sign-in/mfa', {
      challengeToken,
      method: 'webauthn',
      response: answer.response,
      mode: 'cookie',
    });
    if (result.ok) {
      document.dispatchEvent(new CustomEvent('mfa-finished'));
      setWhoami(result.body.user.email, 'mfa-signin-result');
    }
    show('mfa-signin-result', result, 'Signed in with two factors (password and passkey).');
  },
  'step-up': async () => {
    const answer = await optionsThenCeremony(
      startAuthentication,
      '/auth/mfa/step-up/passkey/options',
      {},
    );
    if (!answer.ok) return show('mfa-result', answer);
    // The session is replaced by one at aal2: the browser takes the new cookie.
    const result = await api('POST', '/auth/mfa/step-up', {
      method: 'webauthn',
      response: answer.response,
    });
    show('mfa-result', result, 'Stepped up: sensitive changes are open for 15 minutes.');
  },
};

const forms = {
  register: async ({ name }) => {
    const answer = await optionsThenCeremony(
      startRegistration,
      '/auth/passkeys/registration/options',
      {},
    );
    if (!answer.ok) return show('passkey-result', answer);
    const label = name.trim();
    const result = await api('POST', '/auth/passkeys/registration', {
      response: answer.response,
      ...(label === '' ? {} : { name: label }),
    });
    show('passkey-result', result, `Passkey added: ${result.body?.passkey?.name ?? ''}.`);
    if (result.ok) await loadPasskeys();
  },
};

document.addEventListener('mfa-finished', () => {
  challengeToken = null;
});
document.addEventListener('mfa-required', (event) => {
  const offered = event.detail.factors?.includes('webauthn') ?? false;
  challengeToken = offered ? event.detail.challengeToken : null;
  byTestId('mfa-signin-passkey').hidden = !offered;
});

if (!browserSupportsWebAuthn()) {
  byTestId('passkey-unsupported').hidden = false;
  for (const button of document.querySelectorAll(
    '[data-passkey-action]:not([data-passkey-action="list"]), [data-passkey-form] button',
  )) {
    button.disabled = true;
  }
}
for (const button of document.querySelectorAll('button[data-passkey-action]')) {
  button.addEventListener('click', () => void actions[button.dataset.passkeyAction]());
}
for (const form of document.querySelectorAll('form[data-passkey-form]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    form.reset();
    void forms[form.dataset.passkeyForm](values);
  });
}

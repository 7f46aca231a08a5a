// The demo page's two-factor section (served as /demo-mfa.js): TOTP enrolment with the QR
// code, confirmation, backup codes, turning MFA off, and the second step of sign-in.
import { api, byTestId, setWhoami, show } from '/demo.js';

/** The challenge of the last `mfa_required` sign-in: it is no session, only a ticket to finish one. */
let challengeToken = null;

document.addEventListener('mfa-required', (event) => {
  challengeToken = event.detail.challengeToken;
  byTestId('mfa-signin-form').hidden = false;
  byTestId('mfa-signin-code').focus();
});
// Sent when either factor finishes the sign-in (a code here, a passkey in demo-passkeys.js).
document.addEventListener('mfa-finished', () => {
  challengeToken = null;
  byTestId('mfa-signin-form').hidden = true;
});

function showBackupCodes(codes) {
  const items = codes.map((code) => {
    const item = document.createElement('li');
    item.dataset.testid = 'mfa-backup-code';
    item.textContent = code;
    return item;
  });
  byTestId('mfa-backup-codes').replaceChildren(...items);
}

const actions = {
  status: async () => {
    const result = await api('GET', '/auth/mfa');
    const summary = result.ok
      ? `TOTP ${result.body.totp}, ${result.body.backupCodesRemaining} backup code(s) left.`
      : '';
    show('mfa-result', result, summary);
  },
  enrol: async () => {
    const result = await api('POST', '/auth/mfa/totp', {});
    if (result.ok) {
      // The SVG is shown as an image: markup from the network never enters the page's DOM.
      byTestId('mfa-qr-image').src =
        `data:image/svg+xml,${encodeURIComponent(result.body.qrCodeSvg)}`;
      byTestId('mfa-secret').textContent = result.body.secret;
      byTestId('mfa-qr').hidden = false;
    }
    show('mfa-result', result, 'Scan the QR code, then type the code the app shows.');
  },
};

const forms = {
  confirm: async ({ code }) => {
    const result = await api('POST', '/auth/mfa/totp/confirm', { code: code.trim() });
    if (result.ok) {
      byTestId('mfa-qr').hidden = true;
      showBackupCodes(result.body.backupCodes);
    }
    show(
      'mfa-result',
      result,
      'Two-factor authentication is on. Keep the backup codes somewhere safe.',
    );
  },
  change: async ({ method, code }, intent) => {
    if (intent === 'step-up') {
      // The session is replaced by one at aal2: the browser takes the new cookie.
      const result = await api('POST', '/auth/mfa/step-up', { method, code: code.trim() });
      return show('mfa-result', result, 'Stepped up: sensitive changes are open for 15 minutes.');
    }
    const path = intent === 'disable' ? '/auth/mfa/disable' : '/auth/mfa/backup-codes';
    const result = await api('POST', path, { method, code: code.trim() });
    if (result.ok && intent === 'regenerate') showBackupCodes(result.body.backupCodes);
    if (result.ok && intent === 'disable') byTestId('mfa-backup-codes').replaceChildren();
    const done =
      intent === 'disable'
        ? 'Two-factor authentication is off.'
        : 'New backup codes: the old ones no longer work.';
    show('mfa-result', result, done);
  },
  'second-factor': async ({ method, code }) => {
    const result = await api('POST', '/auth/sign-in/mfa', {
      challengeToken,
      method,
      code: code.trim(),
      mode: 'cookie',
    });
    if (result.ok) {
      document.dispatchEvent(new CustomEvent('mfa-finished'));
      setWhoami(result.body.user.email, 'mfa-signin-result');
    }
    show('mfa-signin-result', result, 'Signed in with two factors.');
  },
};

for (const button of document.querySelectorAll('button[data-mfa-action]')) {
  button.addEventListener('click', () => void actions[button.dataset.mfaAction]());
}
for (const form of document.querySelectorAll('form[data-mfa-form]')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form));
    form.querySelector('input[name="code"]').value = '';
    void forms[form.dataset.mfaForm](values, event.submitter?.value);
  });
}

/**
 * The `/dev/mailbox` page. Every value is HTML-escaped: addresses and tokens end up here
 * from requests, and the page must not become a stored-XSS vector even in development.
 */
import type { DevMail } from './mailbox.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Headers for the page: never cached, no script, not framable. */
export const mailboxPageHeaders: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function renderLink(link: string): string {
  // Only http(s) becomes a clickable href; anything else (javascript:, data:) is shown as text.
  const clickable = /^https?:\/\//i.test(link);
  const text = escapeHtml(link);
  return clickable
    ? `<a data-testid="mail-link" href="${text}">${text}</a>`
    : `<span data-testid="mail-link">${text}</span>`;
}

function renderMail(mail: DevMail): string {
  const parts = [
    `<p class="meta"><strong data-testid="mail-to">${escapeHtml(mail.to)}</strong>`,
    ` · <span data-testid="mail-type">${escapeHtml(mail.type)}</span>`,
    ` · <time datetime="${escapeHtml(mail.sentAt.toISOString())}">`,
    `${escapeHtml(mail.sentAt.toISOString())}</time></p>`,
    `<p class="subject">${escapeHtml(mail.subject)}</p>`,
  ];
  if (mail.code !== undefined) {
    parts.push(`<p>Code: <code data-testid="mail-code">${escapeHtml(mail.code)}</code></p>`);
  }
  if (mail.link !== undefined) parts.push(`<p>Link: ${renderLink(mail.link)}</p>`);
  return `<li data-testid="mail" data-to="${escapeHtml(mail.to)}">${parts.join('')}</li>`;
}

/** The whole page for the given mails (expected newest first). */
export function renderMailboxPage(mails: readonly DevMail[]): string {
  const body =
    mails.length === 0
      ? '<p data-testid="mailbox-empty">No mail yet. Sign up or ask for a password reset.</p>'
      : `<ol class="mails">${mails.map(renderMail).join('')}</ol>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Dev mailbox · Portcullis example</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
.mails { list-style: none; padding: 0; }
.mails li { border: 1px solid #ccc; border-radius: 6px; padding: .75rem 1rem; margin-bottom: .75rem; }
.meta { color: #555; margin: 0; }
.subject { font-weight: 600; margin: .25rem 0; }
code { font-size: 1.25rem; letter-spacing: .15em; }
a { word-break: break-all; }
</style>
</head>
<body>
<h1>Dev mailbox</h1>
<p>Mail the app would have sent, newest first. Development only: this page is not mounted when <code>NODE_ENV=production</code>.</p>
${body}
</body>
</html>
`;
}

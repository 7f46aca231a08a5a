import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * The demo page the Hono example serves at `GET /`, its script at `GET /demo.js` and its
 * styles at `GET /demo.css`. They live beside this file as plain HTML, JavaScript and CSS
 * so they stay readable and editable; they are read once, when the example starts. The page has no inline script or style and
 * loads nothing from elsewhere, so it runs under a strict Content-Security-Policy offline.
 */
export const demoHtml: string = readFileSync(new URL('./page.html', import.meta.url), 'utf8');

/** Served as `text/css` from `/demo.css`. */
export const demoCss: string = readFileSync(new URL('./demo.css', import.meta.url), 'utf8');

/** Served as `text/javascript`; the page loads it as a module. */
export const demoScript: string = readFileSync(new URL('./demo.js', import.meta.url), 'utf8');

/** Served as `text/javascript` from `/demo-mfa.js`: the two-factor section (a module of its own). */
export const demoMfaScript: string = readFileSync(new URL('./mfa.js', import.meta.url), 'utf8');
/**
 * Served as `text/javascript` from `/demo-oauth.js`: the "Sign in with …" buttons, linking,
 * and the page providers send the browser back to (`/oauth/callback/<provider>`).
 */
export const demoOAuthScript: string = readFileSync(
  new URL('./demo-oauth.js', import.meta.url),
  'utf8',
);

/** Served as `text/javascript` from `/demo-passkeys.js`: adding, listing and using passkeys. */
export const demoPasskeysScript: string = readFileSync(
  new URL('./passkeys.js', import.meta.url),
  'utf8',
);

/**
 * `@simplewebauthn/browser`'s self-contained browser bundle, served from
 * `/vendor/simplewebauthn-browser.js` (no CDN: the page's CSP allows scripts from 'self' only,
 * and the example runs offline). Loaded as a classic script, it defines
 * `globalThis.SimpleWebAuthnBrowser`, which `/demo-passkeys.js` reads. The package's exports
 * map names only its entry points, so the bundle is found beside the resolved entry.
 */
export const simpleWebAuthnBrowserScript: string = readFileSync(
  new URL(
    '../dist/bundle/index.umd.min.js',
    pathToFileURL(createRequire(import.meta.url).resolve('@simplewebauthn/browser')),
  ),
  'utf8',
);

import type { ExampleAuth } from '@portcullis/example-shared';
import { createExampleAuth } from '@portcullis/example-shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHonoApp } from '../src/app.ts';
import {
  demoCss,
  demoHtml,
  demoMfaScript,
  demoPasskeysScript,
  demoScript,
  simpleWebAuthnBrowserScript,
} from '../src/demo/index.ts';

describe('the demo page routes', { timeout: 30_000 }, () => {
  let example: ExampleAuth;
  // Opens an embedded PGlite, which takes well over vitest's 10 s default on a busy machine.
  beforeAll(async () => {
    example = await createExampleAuth({
      NODE_ENV: 'test',
      AUTH_SECRET: 'a-test-secret-that-is-at-least-32-bytes',
    });
  }, 60_000);
  afterAll(() => example.close());

  it('serves the page and its script under a CSP that allows no inline or foreign code', async () => {
    const app = createHonoApp(example);
    const page = await app.request('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toBe(demoHtml);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // `no-referrer` would make browsers send `Origin: null`, failing the CSRF check.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');

    const script = await app.request('/demo.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe(demoScript);
    const mfaScript = await app.request('/demo-mfa.js');
    expect(mfaScript.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(mfaScript.headers.get('content-security-policy')).toBe(csp);
    expect(await mfaScript.text()).toBe(demoMfaScript);

    const passkeysScript = await app.request('/demo-passkeys.js');
    expect(passkeysScript.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await passkeysScript.text()).toBe(demoPasskeysScript);

    // @simplewebauthn/browser from node_modules, never a CDN: the CSP would block one.
    const vendored = await app.request('/vendor/simplewebauthn-browser.js');
    expect(vendored.status).toBe(200);
    expect(vendored.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(vendored.headers.get('content-security-policy')).toBe(csp);
    expect(await vendored.text()).toBe(simpleWebAuthnBrowserScript);
    expect(simpleWebAuthnBrowserScript).toMatch(/^\/\* \[@simplewebauthn\/browser@13\./);
    expect(simpleWebAuthnBrowserScript).toContain('SimpleWebAuthnBrowser');
    expect(demoHtml).toContain('<script src="/vendor/simplewebauthn-browser.js"></script>');
    expect(demoHtml).not.toMatch(/src="https?:/);

    const styles = await app.request('/demo.css');
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await styles.text()).toBe(demoCss);
    expect(csp).toContain("style-src 'self'");
  });
});

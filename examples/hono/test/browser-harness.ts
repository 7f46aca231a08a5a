import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';

/** Debian's Chromium; CI installs it with apt (see `.ci/run`). `CHROMIUM_PATH` overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Each browser test gets this long; Playwright waits give up earlier so a screenshot fits. */
export const browserTestTimeout = 60_000;
const playwrightWaitTimeout = 20_000;

const artifactsDir = fileURLToPath(new URL('./artifacts/', import.meta.url));

/**
 * Launches headless Chromium. A missing browser is a failure, not a skip: the end-to-end
 * test is part of `pnpm test`. `launch` gives every run a fresh temporary profile
 * (user-data-dir) and deletes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}. Install it (Debian/Ubuntu: ` +
        '`apt-get install --no-install-recommends chromium`; .ci/run does this in CI) ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export interface BrowserTestContext {
  /** A page in a fresh context (its own cookies). */
  readonly page: Page;
  /** Opens another isolated context: a second browser, as far as the server can tell. */
  newPage(): Promise<Page>;
}

/**
 * Declares a browser test. Every context it opens is closed afterwards; when the body fails,
 * each open page is saved to `test/artifacts/<test-name>[-n].png` before the error is
 * rethrown.
 */
export function browserTest(
  name: string,
  getBrowser: () => Promise<Browser>,
  body: (context: BrowserTestContext) => Promise<void>,
  /** For a long walk through many pages' worth of steps; default `browserTestTimeout`. */
  timeout = browserTestTimeout,
): void {
  it(
    name,
    async () => {
      const contexts: BrowserContext[] = [];
      const pageProblems: string[] = [];
      const newPage = async (): Promise<Page> => {
        const context = await (await getBrowser()).newContext();
        context.setDefaultTimeout(playwrightWaitTimeout);
        context.on('page', (page) => watchForProblems(page, pageProblems));
        contexts.push(context);
        return context.newPage();
      };
      try {
        await body({ page: await newPage(), newPage });
        // An uncaught exception in the page's script, or anything its CSP blocked, fails
        // the test even when the steps above happened to pass.
        expect(pageProblems).toEqual([]);
      } catch (error) {
        await saveScreenshots(name, contexts);
        throw error;
      } finally {
        await Promise.all(contexts.map((context) => context.close()));
      }
    },
    timeout,
  );
}

/** Saves a screenshot to `test/artifacts/<name>.png`, for a person to look at. */
export async function saveScreenshot(page: Page, name: string, fullPage = true): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = `${artifactsDir}${name}.png`;
  await page.screenshot({ path, fullPage });
  return path;
}

function watchForProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`uncaught in ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) {
      problems.push(`CSP violation in ${page.url()}: ${message.text()}`);
    }
  });
}

async function saveScreenshots(testName: string, contexts: readonly BrowserContext[]) {
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '');
  const pages = contexts.flatMap((context) => context.pages());
  await mkdir(artifactsDir, { recursive: true });
  for (const [index, page] of pages.entries()) {
    const path = `${artifactsDir}${slug}${index === 0 ? '' : `-${index + 1}`}.png`;
    try {
      await page.screenshot({ path, fullPage: true, timeout: 5_000 });
      console.error(`browser test failed; screenshot saved to ${path}`);
    } catch (screenshotError) {
      // The test's own error matters more; note why no picture was taken and move on.
      console.error(`could not save screenshot ${path}:`, screenshotError);
    }
  }
}

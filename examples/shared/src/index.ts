/**
 * @portcullis/example-shared — what both example apps share: configuration from the
 * environment, the store, the dev mailbox and its page. The HTTP test suite lives in the
 * `@portcullis/example-shared/http-suite` subpath so the apps never load vitest.
 */
export type { CreateExampleAuthOptions, ExampleAuth } from './auth.ts';
export { createExampleAuth } from './auth.ts';
export type { DevMail, DevMailboxOptions } from './mailbox.ts';
export { DevMailbox, mailboxJson, mailLink } from './mailbox.ts';
export { escapeHtml, mailboxPageHeaders, renderMailboxPage } from './mailbox-page.ts';
export type { DevAccountClaims, DevClient, DevOidcProvider } from './oauth/dev-provider.ts';
export type { ExampleOAuth } from './oauth/settings.ts';
export { createExampleOAuth, redirectUriFor } from './oauth/settings.ts';
export type { TextResponse } from './pages.ts';
export {
  errorPage,
  fromHttpResponse,
  isOwnHost,
  mailboxHtmlPage,
  mailboxJsonPage,
  notFoundPage,
  profilePage,
  REPORTS_SCOPE,
  reportsPage,
  whoamiPage,
} from './pages.ts';
export type { ExampleRateLimits } from './rate-limits.ts';
export { createExampleRateLimits, redisAddress } from './rate-limits.ts';
export type { RunningExample, StartOptions } from './running.ts';
export { runningExample } from './running.ts';
export type { ExampleEnv, ExampleSettings } from './settings.ts';
export { ExampleSettingsError, readExampleSettings } from './settings.ts';
export { closeOnSignals } from './shutdown.ts';
export { ExampleStartupError, listenStartupError } from './startup.ts';
export type { ExampleStore } from './store.ts';
export { createStore } from './store.ts';

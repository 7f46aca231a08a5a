/**
 * `@portcullis/example-shared/web`: the pieces of the examples that use only web APIs (the
 * dev mailbox and the pages), for apps on runtimes without Node built-ins, such as the
 * Workers example. The main entry also wires stores and Node-only hashing.
 */
export type { DevMail, DevMailboxOptions } from './mailbox.ts';
export { DevMailbox } from './mailbox.ts';
export type { TextResponse } from './pages.ts';
export {
  errorPage,
  mailboxHtmlPage,
  mailboxJsonPage,
  notFoundPage,
  profilePage,
  whoamiPage,
} from './pages.ts';

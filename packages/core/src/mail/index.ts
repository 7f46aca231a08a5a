export type { MailOutbox, MailOutboxOptions } from './outbox.ts';
export { createMailOutbox } from './outbox.ts';
export type { AuthMail, AuthMailer } from './types.ts';

/**
 * A development mailer: instead of delivering mail it keeps the latest messages in memory
 * so a developer (or a test) can read the verification code or reset link from
 * `/dev/mailbox`. Never mount it in production — it hands every secret to anyone who asks.
 */
import type { AuthMail, AuthMailer, MailOutbox } from '@portcullis/core';
import { createMailOutbox } from '@portcullis/core';

/** One kept mail, reduced to what a person needs to act on it. */
export interface DevMail {
  readonly to: string;
  readonly type: AuthMail['type'];
  readonly subject: string;
  readonly code?: string;
  readonly link?: string;
  readonly token?: string;
  readonly sentAt: Date;
}

export interface DevMailboxOptions {
  /** Where failed deliveries are reported (the outbox never throws into a request). */
  readonly onError?: (error: unknown, mailType: AuthMail['type']) => void;
  /** Origin of the app the links open, e.g. `http://localhost:3000`. */
  readonly linkBase: string;
  /** How many mails to keep; older ones are dropped. Default 100. */
  readonly capacity?: number;
  readonly now?: () => Date;
}

/**
 * Where mail links lead. The token travels in the fragment, which browsers never send to a
 * server or in a Referer header, so it stays out of access logs.
 */
export function mailLink(
  linkBase: string,
  action: 'verify-email' | 'reset-password' | 'accept-invitation' | 'delete-account',
  token: string,
) {
  const url = new URL('/', linkBase);
  url.hash = new URLSearchParams({ [action]: token }).toString();
  return url.href;
}

function describe(mail: AuthMail, linkBase: string) {
  switch (mail.type) {
    case 'email_verification_code':
      return { subject: 'Your verification code', code: mail.code };
    case 'email_verification_link':
      return {
        subject: 'Confirm your email address',
        token: mail.token,
        link: mailLink(linkBase, 'verify-email', mail.token),
      };
    case 'password_reset':
      return {
        subject: 'Reset your password',
        token: mail.token,
        link: mailLink(linkBase, 'reset-password', mail.token),
      };
    case 'magic_link':
      // Core built the link from passwordless.linkUrl (APP_ORIGIN), never from a request.
      return { subject: 'Your sign-in link', token: mail.token, link: mail.url };
    case 'sign_in_code':
      return { subject: 'Your sign-in code', code: mail.code };
    case 'organization_invitation':
      return {
        subject: `Join ${mail.organizationName}`,
        token: mail.token,
        link: mailLink(linkBase, 'accept-invitation', mail.token),
      };
    case 'account_deletion':
      return {
        subject: 'Confirm the deletion of your account',
        token: mail.token,
        link: mailLink(linkBase, 'delete-account', mail.token),
      };
    case 'account_exists':
      return { subject: 'Someone tried to sign up with your address' };
  }
}

/**
 * An `AuthMailer` that keeps the newest `capacity` mails in memory, newest first. Like a
 * real app's mailer it sits behind `createMailOutbox`: `send` only enqueues, and the mail
 * is "delivered" into the list on a later task, off the request path.
 */
export class DevMailbox implements AuthMailer {
  readonly #linkBase: string;
  readonly #capacity: number;
  readonly #now: () => Date;
  readonly #outbox: MailOutbox;
  #mails: DevMail[] = [];

  constructor(options: DevMailboxOptions) {
    this.#linkBase = new URL(options.linkBase).origin;
    this.#capacity = options.capacity ?? 100;
    if (!Number.isInteger(this.#capacity) || this.#capacity < 1) {
      throw new RangeError('capacity must be a positive integer');
    }
    this.#now = options.now ?? (() => new Date());
    this.#outbox = createMailOutbox({
      deliver: async (mail) => this.#keep(mail),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
  }

  send(mail: AuthMail): Promise<void> {
    return this.#outbox.send(mail);
  }

  /** Kept mails once everything queued so far has been delivered, newest first. */
  async settled(): Promise<readonly DevMail[]> {
    await this.#outbox.idle();
    return this.#mails;
  }

  #keep(mail: AuthMail): void {
    const kept: DevMail = {
      to: mail.to,
      type: mail.type,
      sentAt: this.#now(),
      ...describe(mail, this.#linkBase),
    };
    this.#mails = [kept, ...this.#mails].slice(0, this.#capacity);
  }

  /** Mails delivered so far, newest first (queued ones may still be on their way). */
  list(): readonly DevMail[] {
    return this.#mails;
  }

  clear(): void {
    this.#mails = [];
  }

  /** Mails kept for one address (compared lower-cased), newest first. */
  sentTo(address: string): readonly DevMail[] {
    const key = address.toLowerCase();
    return this.#mails.filter((mail) => mail.to.toLowerCase() === key);
  }

  /** Drops every mail kept for one address. */
  forget(address: string): void {
    const key = address.toLowerCase();
    this.#mails = this.#mails.filter((mail) => mail.to.toLowerCase() !== key);
  }
}

/** The `/dev/mailbox.json` body. */
export function mailboxJson(mails: readonly DevMail[]) {
  return {
    mails: mails.map((mail) => ({
      to: mail.to,
      type: mail.type,
      subject: mail.subject,
      ...(mail.code === undefined ? {} : { code: mail.code }),
      ...(mail.link === undefined ? {} : { link: mail.link }),
      ...(mail.token === undefined ? {} : { token: mail.token }),
      sentAt: mail.sentAt.toISOString(),
    })),
  };
}

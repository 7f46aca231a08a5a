import type { AuthMail, AuthMailer } from './types.ts';

export interface MailOutboxOptions {
  /** Delivers one mail (your SMTP or API client). Runs after the request has answered. */
  readonly deliver: (mail: AuthMail) => Promise<void>;
  /**
   * Told about a delivery that failed; the mail is dropped (this outbox keeps nothing
   * across restarts). Receives only the mail's type: the mail itself holds secrets.
   * Default: nothing is reported.
   */
  readonly onError?: (error: unknown, mailType: AuthMail['type']) => void;
}

/** An in-process outbox: an `AuthMailer` whose `send` only enqueues. */
export interface MailOutbox extends AuthMailer {
  /** Resolves once every mail queued so far has been delivered or has failed. */
  idle(): Promise<void>;
}

/**
 * Takes mail off the request path. `send` queues the mail and returns at once, without
 * waiting for delivery, which runs beside the request, one mail at a time, in order. A
 * request therefore takes as long whether it mails something or not, and response timing
 * cannot reveal whether an address has an account.
 *
 * It is the examples' outbox and fits one long-lived process. Mail queued when the process
 * stops is lost; an app that must not lose mail implements `AuthMailer.send` as an insert
 * into its own outbox table and delivers from a worker. On Cloudflare Workers, hand slow
 * deliveries to a queue (or `ctx.waitUntil`): work left running after a response may be
 * cancelled there.
 */
export function createMailOutbox(options: MailOutboxOptions): MailOutbox {
  const queue: AuthMail[] = [];
  let draining: Promise<void> | null = null;

  async function drain(): Promise<void> {
    // Start after the caller has resumed: `send` never waits for a delivery. (A microtask,
    // not a timer: runtimes such as workerd tie timers to the request that set them.)
    await Promise.resolve();
    for (let mail = queue.shift(); mail !== undefined; mail = queue.shift()) {
      try {
        await options.deliver(mail);
      } catch (error) {
        options.onError?.(error, mail.type);
      }
    }
    draining = null;
  }

  return {
    async send(mail) {
      queue.push(mail);
      draining ??= drain();
    },
    async idle() {
      while (draining !== null) await draining;
    },
  };
}

/**
 * `createAuth` from @portcullis/core over Postgres repositories, wired as core's own test
 * harness wires it over the memory adapter: a clock the test moves by hand, a mailer that
 * keeps what core asked to send, and a sink that records audit events. Cheap argon2
 * parameters keep flows fast; the concurrency under test is the repositories'.
 */
import type { AuthConfigInput, AuthEvent, AuthMail, Repositories } from '@portcullis/core';
import { createAuth } from '@portcullis/core';

const START = new Date('2026-01-01T00:00:00.000Z');

const testConfig: AuthConfigInput = {
  secret: 'adapter-postgres-test-secret-of-32-bytes!',
  issuer: 'https://auth.test',
  audience: 'https://api.test',
  accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(7) }] },
  password: { argon2: { memoryKiB: 256, iterations: 1, parallelism: 1 } },
};

export function postgresAuth(repos: Repositories, configOverrides: Partial<AuthConfigInput> = {}) {
  let current = START.getTime();
  const clock = {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
  const mailbox: AuthMail[] = [];
  const events: AuthEvent[] = [];
  const auth = createAuth({
    config: { ...testConfig, ...configOverrides },
    repos,
    mailer: {
      async send(mail) {
        mailbox.push(mail);
      },
    },
    auditSinks: [{ record: (event) => void events.push(event) }],
    clock,
  });

  /** The last mail of a type, failing the test when there is none. */
  function lastMail<Type extends AuthMail['type']>(type: Type): Extract<AuthMail, { type: Type }> {
    const mail = mailbox
      .filter((item): item is Extract<AuthMail, { type: Type }> => item.type === type)
      .at(-1);
    if (!mail) throw new Error(`no ${type} mail was sent`);
    return mail;
  }

  /** How many audit events of a type were recorded. */
  function eventCount(type: AuthEvent['type']): number {
    return events.filter((event) => event.type === type).length;
  }

  /** Signs up a user, verifies the address with the mailed code and signs in. */
  async function signedInUser(password = 'correct horse battery staple') {
    const email = `user-${crypto.randomUUID()}@example.com`;
    await auth.signUp({ email, password });
    const { code, userId } = lastMail('email_verification_code');
    const verified = await auth.verifyEmail({ email, code });
    if (!verified.ok) throw new Error(`verification failed: ${verified.reason}`);
    const signedIn = await auth.signIn({ email, password });
    if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
    return { userId, email, password, session: signedIn.session };
  }

  return { auth, clock, mailbox, events, lastMail, eventCount, signedInUser };
}

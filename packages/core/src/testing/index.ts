/**
 * `@portcullis/core/testing`: wiring for tests of code built on Portcullis — your app's,
 * an adapter's, a framework binding's. `createTestAuth` is a real `createAuth` with a
 * clock the test moves by hand, a mailbox keeping every mail core asked to send, a sink
 * recording audit events, and cheap argon2 parameters (the password module's own tests
 * cover the real ones). `softAuthenticator` answers passkey ceremonies with WebCrypto keys.
 * Never use it in production: its argon2 cost is deliberately low.
 */
import type { CreateAuthOptions } from '../auth.ts';
import { bindAuth, createAuthDeps } from '../auth.ts';
import type { AuthConfigInput } from '../config.ts';
import type { AuthEvent } from '../events/index.ts';
import type { AuthMail } from '../mail/index.ts';

export { softAuthenticator } from './soft-authenticator.ts';
export type {
  SoftAssertionCeremony,
  SoftAuthenticator,
  SoftAuthenticatorOptions,
  SoftCeremony,
  SoftCredential,
} from './soft-authenticator-types.ts';

/** Where a fake clock starts unless told otherwise. */
export const TEST_START = new Date('2026-01-01T00:00:00.000Z');

/** The password `verifiedUser` and `signedInUser` use unless given one. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** A clock the test moves by hand. */
export interface FakeClock {
  now(): Date;
  advance(seconds: number): void;
}

export function fakeClock(start: Date = TEST_START): FakeClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds) {
      current += seconds * 1000;
    },
  };
}

/** A valid configuration with cheap argon2 parameters; override what a test needs. */
export const testConfig: AuthConfigInput = {
  secret: 'portcullis-test-server-secret-of-32-bytes',
  issuer: 'https://auth.test',
  audience: 'https://api.test',
  accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(7) }] },
  password: { argon2: { memoryKiB: 256, iterations: 1, parallelism: 1 } },
};

export type TestAuthOptions = Omit<CreateAuthOptions, 'config' | 'mailer' | 'clock'> & {
  /** Merged over `testConfig`. */
  readonly config?: Partial<AuthConfigInput>;
};

type MailOf<Type extends AuthMail['type']> = Extract<AuthMail, { type: Type }>;

export function createTestAuth(options: TestAuthOptions) {
  const { config, auditSinks = [], ...rest } = options;
  const clock = fakeClock();
  const mailbox: AuthMail[] = [];
  const events: AuthEvent[] = [];
  const deps = createAuthDeps({
    ...rest,
    config: { ...testConfig, ...config },
    mailer: {
      async send(mail) {
        mailbox.push(mail);
      },
    },
    auditSinks: [{ record: (event) => void events.push(event) }, ...auditSinks],
    clock,
  });
  const auth = bindAuth(deps);

  /** The last mail of a type (to `to`, when given), failing the test when there is none. */
  function lastMail<Type extends AuthMail['type']>(type: Type, to?: string): MailOf<Type> {
    const mail = mailbox
      .filter((item): item is MailOf<Type> => item.type === type)
      .filter((item) => to === undefined || item.to === to)
      .at(-1);
    if (!mail) throw new Error(`no ${type} mail was sent${to === undefined ? '' : ` to ${to}`}`);
    return mail;
  }

  /** How many audit events of a type were recorded. */
  function eventCount(type: AuthEvent['type']): number {
    return events.filter((event) => event.type === type).length;
  }

  /** `deps` is for tests only: it holds the configuration, secret included. */
  return { auth, deps, repos: options.repos, clock, mailbox, events, lastMail, eventCount };
}

export type TestAuth = ReturnType<typeof createTestAuth>;

/** Signs up and verifies a user (with the mailed code). */
export async function verifiedUser(
  harness: TestAuth,
  email = `user-${crypto.randomUUID()}@example.com`,
  password = TEST_PASSWORD,
) {
  await harness.auth.signUp({ email, password });
  const { code } = harness.lastMail('email_verification_code', email);
  const verified = await harness.auth.verifyEmail({ email, code });
  if (!verified.ok) throw new Error(`verification failed: ${verified.reason}`);
  return { userId: verified.userId, email, password };
}

/** A verified user with a live session and the session's refresh token. */
export async function signedInUser(harness: TestAuth, email?: string) {
  const user = await verifiedUser(harness, email);
  const signedIn = await harness.auth.signIn(user);
  if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
  const refresh = await harness.auth.internal.issueRefreshToken({ session: signedIn.session });
  if (!refresh) throw new Error('refresh token refused');
  return { ...user, ...signedIn, ...refresh };
}

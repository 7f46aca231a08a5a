/**
 * Test wiring for core flows: the memory adapter, a fake clock, a mailbox that keeps what
 * core asked to send, and a sink that records audit events. Cheap argon2 parameters keep
 * the suite fast; the password module's own tests cover the real defaults.
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { CreateAuthOptions } from '../src/auth.ts';
import { createAuth } from '../src/auth.ts';
import type { AuthConfigInput } from '../src/config.ts';
import type { AuthEvent } from '../src/events/index.ts';
import type { AuthMail } from '../src/mail/index.ts';

export const START = new Date('2026-01-01T00:00:00.000Z');

/** A clock tests move by hand. */
export function fakeClock(start: Date = START) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}

export const testConfig: AuthConfigInput = {
  secret: 'test-server-secret-of-at-least-32-bytes!',
  issuer: 'https://auth.test',
  audience: 'https://api.test',
  accessToken: { keys: [{ kid: 'k1', alg: 'HS256', secret: new Uint8Array(32).fill(7) }] },
  password: { argon2: { memoryKiB: 256, iterations: 1, parallelism: 1 } },
};

/** A fully wired `createAuth` over fresh memory repositories. */
export function testAuth(
  options: Partial<CreateAuthOptions> & { configOverrides?: Partial<AuthConfigInput> } = {},
) {
  const clock = fakeClock();
  const mailbox: AuthMail[] = [];
  const events: AuthEvent[] = [];
  const repos = options.repos ?? createMemoryRepositories();
  const { configOverrides, ...rest } = options;
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
    ...rest,
  });
  /** The last mail of a type, failing the test when there is none. */
  function lastMail<Type extends AuthMail['type']>(type: Type): Extract<AuthMail, { type: Type }> {
    const mail = mailbox
      .filter((item): item is Extract<AuthMail, { type: Type }> => item.type === type)
      .at(-1);
    if (!mail) throw new Error(`no ${type} mail was sent`);
    return mail;
  }
  return { auth, repos, clock, mailbox, events, lastMail };
}

/** Signs up and verifies a user, returning its id. */
export async function verifiedUser(
  harness: ReturnType<typeof testAuth>,
  email = `user-${crypto.randomUUID()}@example.com`,
  password = 'correct horse battery staple',
) {
  await harness.auth.signUp({ email, password });
  const { code, userId } = harness.lastMail('email_verification_code');
  const verified = await harness.auth.verifyEmail({ email, code });
  if (!verified.ok) throw new Error(`verification failed: ${verified.reason}`);
  return { userId, email, password };
}

/** A verified user with a live session and the session's refresh token. */
export async function signedInUser(harness: ReturnType<typeof testAuth>, email?: string) {
  const user = await verifiedUser(harness, email);
  const signedIn = await harness.auth.signIn(user);
  if (!signedIn.ok || signedIn.status !== 'signed_in') throw new Error('sign-in failed');
  const refresh = await harness.auth.issueRefreshToken({ session: signedIn.session });
  return { ...user, ...signedIn, ...refresh };
}

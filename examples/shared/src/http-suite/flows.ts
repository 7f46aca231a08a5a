/**
 * Steps the suite's tests are built from. Every test creates its own user with a fresh
 * random address, so no test depends on another or on the order they run in.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient, ApiResponse } from './client.ts';
import { record, text } from './client.ts';

export const COOKIE_NAME = 'portcullis_session';

export function freshEmail(): string {
  return `user-${randomUUID()}@example.test`;
}

export function freshPassword(): string {
  return `pw-${randomUUID()}`;
}

export interface MailboxEntry {
  readonly to: string;
  readonly type: string;
  readonly code?: string;
  readonly link?: string;
  readonly token?: string;
  readonly sentAt: string;
}

/** Mails to `email`, newest first, from `/dev/mailbox.json`. */
export async function mailsTo(api: ApiClient, email: string): Promise<MailboxEntry[]> {
  const response = await api.get('/dev/mailbox.json');
  expect(response.status).toBe(200);
  const mails = record(response.body).mails;
  if (!Array.isArray(mails)) throw new Error('mailbox.json has no mails array');
  return (mails as MailboxEntry[]).filter((mail) => mail.to === email);
}

/** The newest mail of `type` to `email`; fails the test when there is none. */
export async function latestMail(
  api: ApiClient,
  email: string,
  type: string,
): Promise<MailboxEntry> {
  const mail = (await mailsTo(api, email)).find((entry) => entry.type === type);
  if (!mail) throw new Error(`no ${type} mail to ${email}`);
  return mail;
}

export async function signUp(api: ApiClient, email: string, password: string): Promise<void> {
  const response = await api.post('/auth/sign-up', { email, password });
  expect(response.status).toBe(202);
  expect(response.body).toEqual({ status: 'verification_sent' });
}

/** A verified account with a fresh address and password. */
export async function verifiedUser(api: ApiClient) {
  const email = freshEmail();
  const password = freshPassword();
  await signUp(api, email, password);
  const { code } = await latestMail(api, email, 'email_verification_code');
  const verified = await api.post('/auth/verify-email', { email, code });
  expect(verified.status).toBe(200);
  return { email, password };
}

/** The `name=value` pair of the session cookie in a response's Set-Cookie headers. */
export function sessionCookie(response: ApiResponse): { pair: string; attributes: string[] } {
  const header = response.setCookies.find((cookie) => cookie.startsWith(`${COOKIE_NAME}=`));
  if (!header) throw new Error(`no ${COOKIE_NAME} cookie was set`);
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  return { pair, attributes };
}

export async function signInWithCookie(api: ApiClient, email: string, password: string) {
  const response = await api.post('/auth/sign-in', { email, password });
  expect(response.status).toBe(200);
  return {
    response,
    cookie: sessionCookie(response).pair,
    sessionId: text(response.body, 'session', 'id'),
    userId: text(response.body, 'user', 'id'),
  };
}

export async function signInWithBearer(api: ApiClient, email: string, password: string) {
  const response = await api.post('/auth/sign-in', { email, password, mode: 'bearer' });
  expect(response.status).toBe(200);
  return {
    response,
    accessToken: text(response.body, 'accessToken'),
    refreshToken: text(response.body, 'refreshToken'),
    sessionId: text(response.body, 'session', 'id'),
    userId: text(response.body, 'user', 'id'),
  };
}

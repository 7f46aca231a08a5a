import type { AuthConfig } from '../config.ts';
import { codeHash } from '../credentials/index.ts';

/**
 * What storage holds for an emailed sign-in code: an HMAC under the server secret bound
 * to the purpose and to its subject, the account's id or, for a sign-up by code, the
 * address's key. An address key always holds an `@` and an id never does, so the two can
 * never be confused, and neither equals a verification code's HMAC (another purpose).
 */
export function signInCodeHash(config: AuthConfig, subject: string, code: string): Promise<string> {
  return codeHash(config, 'sign_in_code', subject, code);
}

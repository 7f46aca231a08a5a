/** A real `createAuth` over the memory adapter (`@portcullis/core/testing`), for binding tests. */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuthConfigInput } from '@portcullis/core';
import { createTestAuth } from '@portcullis/core/testing';

export { TEST_PASSWORD as PASSWORD } from '@portcullis/core/testing';
export const APP_ORIGIN = 'https://app.example.com';

export function testAuth(config: Partial<AuthConfigInput> = {}) {
  const harness = createTestAuth({ repos: createMemoryRepositories(), config });
  /** The latest verification code mailed to `email`. */
  const codeFor = (email: string) => harness.lastMail('email_verification_code', email).code;
  return { ...harness, codeFor };
}

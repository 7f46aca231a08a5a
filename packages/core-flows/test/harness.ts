/**
 * Core's own test wiring: `@portcullis/core/testing` over fresh memory repositories unless
 * a test passes its own (to share a store between two configurations).
 */
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import type { AuthConfigInput } from '@portcullis/core';
import type { TestAuthOptions } from '@portcullis/core/testing';
import { createTestAuth } from '@portcullis/core/testing';

export {
  fakeClock,
  signedInUser,
  TEST_START as START,
  testConfig,
  verifiedUser,
} from '@portcullis/core/testing';

export function testAuth(
  options: Partial<Omit<TestAuthOptions, 'config'>> & {
    configOverrides?: Partial<AuthConfigInput>;
  } = {},
) {
  const { configOverrides, repos, ...rest } = options;
  return createTestAuth({
    ...rest,
    repos: repos ?? createMemoryRepositories(),
    ...(configOverrides === undefined ? {} : { config: configOverrides }),
  });
}

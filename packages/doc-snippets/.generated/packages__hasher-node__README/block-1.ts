// packages/hasher-node/README.md:20

import { createAuth, createAuthConfig, type AuthConfigInput } from '@portcullis/core';
import { createNodePasswordHasher } from '@portcullis/hasher-node';

declare const config: AuthConfigInput;
declare const repos: Parameters<typeof createAuth>[0]['repos'];
declare const mailer: Parameters<typeof createAuth>[0]['mailer'];

const auth = createAuth({
  config,
  repos,
  mailer,
  hasher: createNodePasswordHasher(createAuthConfig(config), { maxConcurrent: 2 }),
});
export {};

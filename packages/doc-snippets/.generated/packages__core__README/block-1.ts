// packages/core/README.md:18

import { createAuth, generateAccessTokenKey } from '@portcullis/core';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
export async function snippet() {

const auth = createAuth({
  config: {
    secret: process.env.AUTH_SECRET!,
    issuer: 'https://example.com',
    audience: 'https://api.example.com',
    accessToken: { keys: [await generateAccessTokenKey('EdDSA', '2026-01')] },
  },
  repos: createMemoryRepositories(),
  mailer: { send: async (mail) => console.log(mail.type, mail.to) },
});

await auth.signUp({ email: 'ada@example.com', password: 'correct horse battery staple' });
const signedIn = await auth.signIn({
  email: 'ada@example.com',
  password: 'correct horse battery staple',
});
}

// README.md:13
import { setCookie } from './context.ts';
import { createMemoryRepositories } from '@portcullis/adapter-memory';
import { createAuth, generateAccessTokenKey } from '@portcullis/core';
export async function snippet() {

const auth = createAuth({
  config: {
    secret: process.env.AUTH_SECRET!, // ≥ 32 bytes
    issuer: 'https://example.com',
    audience: 'https://api.example.com',
    accessToken: { keys: [await generateAccessTokenKey('EdDSA', '2026-01')] },
  },
  repos: createMemoryRepositories(),
  mailer: { send: async (mail) => console.log(mail.type, mail.to) }, // your mail provider here
});

await auth.signUp({ email: 'ada@example.com', password: 'correct horse battery staple' });
const result = await auth.signIn({ email: 'ada@example.com', password: '…' });
if (result.ok && result.status === 'signed_in') setCookie(result.sessionToken);
}

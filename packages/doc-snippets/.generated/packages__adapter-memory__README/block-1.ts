// packages/adapter-memory/README.md:22

import { createMemoryRepositories } from '@portcullis/adapter-memory';
export async function snippet() {

const repos = createMemoryRepositories(); // fresh, empty, independent store

const now = new Date();
const user = await repos.users.create({
  id: crypto.randomUUID(),
  email: 'Ann@Example.com',
  emailKey: 'ann@example.com',
  emailVerifiedAt: null,
  passwordHash: null,
  bannedAt: null,
  banReason: null,
  deletedAt: null,
  metadata: {},
  createdAt: now,
  updatedAt: now,
});
console.log(await repos.users.findByEmailKey('ann@example.com')); // the same user
}

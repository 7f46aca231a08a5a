import { aUser } from '@portcullis/adapter-tests';
import { describe, expect, it } from 'vitest';
import { createMemoryRepositories } from './index.ts';

// Behaviour specific to this adapter (a fresh, empty store per call); the shared
// guarantees are in memory.contract.test.ts.
describe('createMemoryRepositories', () => {
  it('returns independent stores', async () => {
    const first = createMemoryRepositories();
    const second = createMemoryRepositories();
    const user = aUser();
    await first.users.create(user);
    expect(await second.users.findById(user.id)).toBeNull();
  });

  it('resumes after a cursor it issued, even once that user is deleted', async () => {
    const repos = createMemoryRepositories();
    const [a, b, c] = [aUser({ id: 'a' }), aUser({ id: 'b' }), aUser({ id: 'c' })];
    for (const user of [a, b, c]) await repos.users.create(user);
    const first = await repos.users.list({ limit: 1 });
    await repos.users.delete(a.id);
    const rest = await repos.users.list({ limit: 5, cursor: first.nextCursor ?? '' });
    expect(rest.users.map((user) => user.id)).toEqual(['b', 'c']);
  });
});

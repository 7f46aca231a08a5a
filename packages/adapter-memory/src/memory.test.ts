import { aSession, aUser, randomHash } from '@portcullis/adapter-tests';
import { InputError, StorageError } from '@portcullis/core';
import { encodeCursor } from '@portcullis/core/adapter';
import { describe, expect, it } from 'vitest';
import { createMemoryRepositories } from './index.ts';

// Behaviour specific to this adapter; the shared guarantees are in memory.contract.test.ts.
describe('createMemoryRepositories', () => {
  it('returns independent stores', async () => {
    const first = createMemoryRepositories();
    const second = createMemoryRepositories();
    const user = aUser();
    await first.users.create(user);
    expect(await second.users.findById(user.id)).toBeNull();
  });

  it('rejects a forged or corrupted list cursor with InputError, not a guess', async () => {
    const { users } = createMemoryRepositories();
    for (const cursor of ['***', 'bm90LWEtY3Vyc29y', encodeCursor({ createdAtMs: 0, id: '' })]) {
      await expect(users.list({ limit: 5, cursor })).rejects.toSatisfy(
        (error) =>
          error instanceof InputError &&
          error.issues.some(
            (issue) => issue.field === 'cursor' && issue.problem === 'invalid_format',
          ),
      );
    }
  });

  it('rejects a limit that is not a positive integer', async () => {
    const { users } = createMemoryRepositories();
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(users.list({ limit })).rejects.toBeInstanceOf(InputError);
    }
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

  it('ignores identity fields smuggled into an update patch at runtime', async () => {
    const { users } = createMemoryRepositories();
    const user = aUser();
    await users.create(user);
    const patch = { updatedAt: new Date(1), id: 'hijacked', emailKey: 'victim@example.test' };
    expect(await users.update(user.id, patch)).toEqual({ ...user, updatedAt: new Date(1) });
    expect(await users.findByEmailKey('victim@example.test')).toBeNull();
  });

  it('fails loudly on a repeated primary key instead of overwriting', async () => {
    const repos = createMemoryRepositories();
    const user = aUser();
    await repos.users.create(user);
    await expect(repos.users.create(aUser({ id: user.id }))).rejects.toBeInstanceOf(StorageError);
    const session = aSession(user.id);
    await repos.sessions.create(session);
    await expect(
      repos.sessions.create({ ...session, secretHash: randomHash() }),
    ).rejects.toBeInstanceOf(StorageError);
    expect(await repos.sessions.findById(session.id)).toEqual(session);
  });
});

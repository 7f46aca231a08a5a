// packages/adapter-tests/README.md:41

import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { connect } from './db.ts';
import { createMyRepositories } from './my-adapter.ts';
export async function snippet() {
// my-adapter.contract.test.ts

describeRepositoryContract('my-adapter', async () => {
  const db = await connect(process.env.DATABASE_URL);
  return { repos: createMyRepositories(db), close: () => db.end() };
});
}

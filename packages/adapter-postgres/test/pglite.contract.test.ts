import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { openPgliteDatabase } from './databases.ts';

describeRepositoryContract('pglite', async () => {
  const database = await openPgliteDatabase();
  return { repos: database.repos, close: () => database.close() };
});

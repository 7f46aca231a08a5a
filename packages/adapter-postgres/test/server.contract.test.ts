import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { openServerDatabase } from './databases.ts';

describeRepositoryContract('postgres server', async () => {
  const database = await openServerDatabase();
  return { repos: database.repos, close: () => database.close() };
});

import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { openServerDatabase } from './databases.ts';

describeRepositoryContract('postgres server', () => openServerDatabase());

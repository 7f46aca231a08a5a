import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { createMemoryRepositories } from './index.ts';

describeRepositoryContract('memory', () => ({ repos: createMemoryRepositories() }));

import { describeRepositoryContract } from '@portcullis/adapter-tests';
import { openEmbeddedDatabase } from '../src/pglite.ts';

// The shipped entry point itself (migrations applied on open), as apps use it.
describeRepositoryContract('pglite', () => openEmbeddedDatabase());

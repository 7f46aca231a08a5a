import { describeRateLimitStoreContract } from '@portcullis/adapter-tests';
import { createMemoryRateLimitStore } from './index.ts';

describeRateLimitStoreContract('memory', () => ({ store: createMemoryRateLimitStore() }));

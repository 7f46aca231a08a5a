import type { RateLimitStore } from '@portcullis/core';
import type { Redis } from 'ioredis';
export declare function createMyRateLimitStore(client: Redis): RateLimitStore;

export {};

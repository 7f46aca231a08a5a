import type { Repositories } from '@portcullis/core';
import type { Pool } from 'pg';
export declare function createMyRepositories(db: Pool): Repositories;

export {};

import type { Pool } from 'pg';
export declare function connect(url: string | undefined): Promise<Pool>;

export {};

import type { Auth } from '@portcullis/core';
import type { ExpressAuthOptions } from '@portcullis/express';
import type { Express } from 'express';
export { requireAuth } from '@portcullis/express';
export declare const auth: Auth;
export declare const app: Express;
export declare const options: ExpressAuthOptions;

export {};

import type { Auth } from '@portcullis/core';
import type { HonoAuthOptions, PortcullisEnv } from '@portcullis/hono';
import type { Hono } from 'hono';
export type { HonoAuthOptions } from '@portcullis/hono';
export { requireAuth } from '@portcullis/hono';
export declare const auth: Auth;
export declare const app: Hono<PortcullisEnv>;
export declare const options: HonoAuthOptions;

export {};

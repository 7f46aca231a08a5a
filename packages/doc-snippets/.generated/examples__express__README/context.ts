import type { Auth } from '@portcullis/core';
import type { ExpressAuthOptions } from '@portcullis/express';
export { portcullisRouter, requireAuth } from '@portcullis/express';
export { default as express } from 'express';
export declare const auth: Auth;
export declare const httpOptions: ExpressAuthOptions;

export {};

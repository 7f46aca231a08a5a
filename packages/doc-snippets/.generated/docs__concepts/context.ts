import type { Auth, AuthConfigInput, AuthMailer, Repositories } from '@portcullis/core';
export declare const auth: Auth;
export declare const refreshToken: string;
export declare const config: AuthConfigInput;
export declare const repos: Repositories;
export declare const mailer: AuthMailer;

export {};

import type { AuthConfigInput, AuthMailer } from '@portcullis/core';
export declare const config: AuthConfigInput;
export declare const mailer: AuthMailer;

export {};

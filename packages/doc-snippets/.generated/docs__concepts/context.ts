import type { Auth } from '@portcullis/core';
export declare const auth: Auth;
export declare const refreshToken: string;

export {};

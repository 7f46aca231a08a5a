import type { Auth } from '@portcullis/core';
export declare const auth: Auth;

export {};

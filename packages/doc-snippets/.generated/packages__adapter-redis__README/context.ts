import type { Auth } from '@portcullis/core';
export declare const auth: Auth;
export declare const ip: string;
export declare const email: string;

export {};

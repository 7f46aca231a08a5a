import type { AccessTokenKeyInput, Auth, AuthEvent, AuthMail, deriveKeys } from '@portcullis/core';
export { expect } from 'vitest';
export declare const auth: Auth;
/** The keys derived and generated in step 2. */
export declare const keys: Awaited<ReturnType<typeof deriveKeys>>;
export declare const key: AccessTokenKeyInput;
/** The app's own mail queue and logger. */
export declare const mailQueue: { add(mail: AuthMail): Promise<void> };
export declare const logger: { info(event: AuthEvent): void };
/** The request being handled: its JSON body, client address, cookies, and a reply helper. */
export declare const body: { email: string; password: string; code: string; refreshToken: string };
export declare const ip: string;
export declare const userAgent: string;
export declare const cookies: { session: string };
export declare const request: { userId?: string };
export declare function reply(status: number, body?: unknown): Response;
export declare function setCookie(name: string, value: string, options: object): void;
/** Values from earlier steps. */
export declare const email: string;
export declare const password: string;
export declare const code: string;
export declare const result: Extract<Awaited<ReturnType<Auth['signIn']>>, { status: 'signed_in' }>;
export declare const userId: string;
export declare const sessionId: string;
export declare const currentSessionId: string;
export declare const refreshToken: string;
export declare const token: string;
export declare const currentPassword: string;
export declare const newPassword: string;

export {};

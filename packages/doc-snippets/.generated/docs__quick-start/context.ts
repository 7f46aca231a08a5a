import type { AuthMail } from '@portcullis/core';
/** The app's own mail queue. */
export declare const mailQueue: { add(mail: AuthMail): Promise<void> };

export {};

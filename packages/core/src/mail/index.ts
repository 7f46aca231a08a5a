export type { AuthMail, AuthMailer } from './types.ts';

/**
 * Mail core asks the application to deliver. Core never renders mail; the app turns each
 * message into text in its own voice. `to` is always the address stored on the account,
 * never the one typed into a form.
 */
export type AuthMail =
  | {
      readonly type: 'email_verification_code';
      readonly to: string;
      readonly userId: string;
      readonly code: string;
      readonly expiresAt: Date;
    }
  | {
      readonly type: 'email_verification_link';
      readonly to: string;
      readonly userId: string;
      /** Put this in a link to your verify endpoint. */
      readonly token: string;
      readonly expiresAt: Date;
    }
  | {
      readonly type: 'password_reset';
      readonly to: string;
      readonly userId: string;
      readonly token: string;
      readonly expiresAt: Date;
    }
  /** Someone tried to sign up with this address, which already has an account. */
  | { readonly type: 'account_exists'; readonly to: string; readonly userId: string };

/** Delivers mail. Deliver asynchronously (a queue) so response timing reveals nothing. */
export interface AuthMailer {
  send(mail: AuthMail): Promise<void>;
}

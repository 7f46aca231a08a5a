/**
 * Mail core asks the application to deliver. Core never renders mail; the app turns each
 * message into text in its own voice. `to` is always the address stored on the account,
 * never the one typed into a form.
 */
export type AuthMail =
  | {
      readonly type: 'email_verification_code';
      readonly to: string;
      /** `null` for a sign-up whose account does not exist until this code is redeemed. */
      readonly userId: string | null;
      readonly code: string;
      readonly expiresAt: Date;
    }
  | {
      readonly type: 'email_verification_link';
      readonly to: string;
      /** `null` for a sign-up whose account does not exist until this link is used. */
      readonly userId: string | null;
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
  | {
      readonly type: 'magic_link';
      readonly to: string;
      /** `null` when following the link creates the account (`passwordless.signUp`). */
      readonly userId: string | null;
      /** Put this in the mail: `passwordless.linkUrl` with the token in its fragment. */
      readonly url: string;
      readonly token: string;
      readonly expiresAt: Date;
    }
  | {
      readonly type: 'sign_in_code';
      readonly to: string;
      /** `null` when signing in with the code creates the account (`passwordless.signUp`). */
      readonly userId: string | null;
      /** 6 to 8 digits (`passwordless.codeLength`). */
      readonly code: string;
      readonly expiresAt: Date;
    }
  | {
      /** An invitation to join an organization; accepting needs this address, verified. */
      readonly type: 'organization_invitation';
      readonly to: string;
      readonly organizationId: string;
      readonly organizationName: string;
      /** Put this in a link to your accept page; it works once, for this address only. */
      readonly token: string;
      readonly expiresAt: Date;
    }
  /** Confirms an account deletion the user asked for; put `token` in a link to your confirm page. */
  | {
      readonly type: 'account_deletion';
      readonly to: string;
      readonly userId: string;
      readonly token: string;
      readonly expiresAt: Date;
    }
  /** Someone tried to sign up with this address, which already has an account. */
  | { readonly type: 'account_exists'; readonly to: string; readonly userId: string };

/**
 * Hands mail over for delivery. Core awaits `send` inside requests, so it must only
 * *enqueue* — into `createMailOutbox` in one process, or into your own outbox table for a
 * worker to deliver — and never wait for SMTP: a request that mails would otherwise take
 * measurably longer than one that does not, and that reveals which addresses have accounts.
 */
export interface AuthMailer {
  send(mail: AuthMail): Promise<void>;
}

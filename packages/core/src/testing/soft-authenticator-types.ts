/** The soft authenticator's options, ceremony knobs and surface (see soft-authenticator.ts). */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

export interface SoftAuthenticatorOptions {
  /** Whether the user is verified (PIN, biometrics): the UV flag. Default `true`. */
  readonly userVerification?: boolean;
  /**
   * `increment` (default): the signature counter goes up by one per assertion; `zero`:
   * it stays 0, as synced passkeys report.
   */
  readonly counter?: 'increment' | 'zero';
  /** Sets the backup flags BE and BS (a synced passkey). Default `false`. */
  readonly backedUp?: boolean;
}

/** Where and how one ceremony runs; the knobs beside `origin` are for attack tests. */
export interface SoftCeremony {
  /** The page's origin, written into clientDataJSON. */
  readonly origin: string;
  /** Hashes this rpId into the authenticator data instead of the one the options name. */
  readonly rpId?: string;
  /** Overrides the authenticator's `userVerification` for this ceremony. */
  readonly userVerification?: boolean;
}

export interface SoftAssertionCeremony extends SoftCeremony {
  /**
   * Answers with this credential (base64url id), even one `allowCredentials` leaves out,
   * as a hostile client could. Needed when several discoverable credentials fit.
   */
  readonly credentialId?: string;
  /** Reports this signature counter (and keeps it) instead of the next one. */
  readonly signCount?: number;
}

/** What the authenticator holds about one credential (never the private key). */
export interface SoftCredential {
  readonly credentialId: string;
  readonly rpId: string;
  /** The user handle (`user.id` of the creation options), base64url. */
  readonly userHandle: string;
  /** Discoverable (resident): offered when the options list no credentials. */
  readonly discoverable: boolean;
  readonly signCount: number;
}

export interface SoftAuthenticator {
  /** `navigator.credentials.create`: a new credential, attestation fmt `none`. */
  create(
    options: PublicKeyCredentialCreationOptionsJSON,
    ceremony: SoftCeremony,
  ): Promise<RegistrationResponseJSON>;
  /** `navigator.credentials.get`: an assertion by a held credential. */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    ceremony: SoftAssertionCeremony,
  ): Promise<AuthenticationResponseJSON>;
  /** The credentials held, oldest first. */
  credentials(): SoftCredential[];
  /** A second authenticator holding copies of these keys and counters: a cloned device. */
  clone(): SoftAuthenticator;
}

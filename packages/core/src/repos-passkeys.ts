/**
 * The passkey (WebAuthn) repository (same conventions as `repos.ts`: `null` for not found,
 * **Atomic** methods are one step). It holds the ceremonies' challenges and the users'
 * credentials.
 */

/** What a challenge was issued for; a challenge is only accepted by its own ceremony. */
export type PasskeyCeremony = 'registration' | 'sign_in' | 'second_factor';

/** A challenge handed to a browser, waiting for the one response that spends it. */
export interface PasskeyChallengeRecord {
  /** SHA-256 (hex) of the base64url challenge; the challenge itself is never stored. */
  readonly challengeHash: string;
  readonly ceremony: PasskeyCeremony;
  /** The user it was issued to; `null` for a usernameless sign-in. */
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A registered passkey. */
export interface PasskeyCredentialRecord {
  readonly id: string;
  readonly userId: string;
  /**
   * The credential id (base64url) from the verified attestation — never the id the client
   * sent beside it. Unique across all users.
   */
  readonly credentialId: string;
  /** The COSE public key, base64url. */
  readonly publicKey: string;
  /** The signature counter last accepted; 0 for authenticators that do not count. */
  readonly counter: number;
  /** Transports the browser reported (`internal`, `hybrid`, `usb`…), as hints. */
  readonly transports: readonly string[];
  /** Whether the credential may be synced to other devices (`multiDevice`). */
  readonly multiDevice: boolean;
  /** Whether it was backed up (synced) at the last ceremony. */
  readonly backedUp: boolean;
  /** The user's label for it. */
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

/** The fields `PasskeyRepo.recordUse` writes after a verified assertion. */
export interface PasskeyUse {
  /** The counter the credential must still hold (the one the assertion was checked against). */
  readonly expectedCounter: number;
  readonly newCounter: number;
  readonly backedUp: boolean;
  readonly now: Date;
}

/** Outcome of `PasskeyRepo.remove`. */
export type PasskeyRemoval = 'removed' | 'last_sign_in_method' | 'not_found';

export interface PasskeyRepo {
  /** Stores a new challenge. */
  saveChallenge(challenge: PasskeyChallengeRecord): Promise<void>;
  /**
   * **Atomic** single use: deletes the challenge with `challengeHash` and returns it, if it
   * exists and `expiresAt > now`, as one step; otherwise `null` (an expired one is deleted
   * too). Of concurrent calls with one hash at most one gets the record.
   */
  consumeChallenge(challengeHash: string, now: Date): Promise<PasskeyChallengeRecord | null>;
  /** Deletes challenges that expired at or before `now`; returns how many. */
  deleteExpiredChallenges(now: Date): Promise<number>;
  /**
   * **Atomic** insert: writes `credential` only if no credential with its `credentialId`
   * exists, as one step. Returns whether it wrote; of concurrent inserts of one credential
   * id at most one gets `true`.
   */
  createCredential(credential: PasskeyCredentialRecord): Promise<boolean>;
  /** The credential with this WebAuthn credential id, or `null`. */
  findByCredentialId(credentialId: string): Promise<PasskeyCredentialRecord | null>;
  /** The user's credentials, oldest first; `[]` when none. */
  listByUser(userId: string): Promise<readonly PasskeyCredentialRecord[]>;
  /**
   * **Atomic** compare-and-set: if credential `id` still holds `use.expectedCounter`, sets
   * `counter`, `backedUp` and `lastUsedAt`, as one step. Returns whether it did; of
   * concurrent calls with one expected counter at most one gets `true`.
   */
  recordUse(id: string, use: PasskeyUse): Promise<boolean>;
  /** Renames the user's credential `id`; `false` when the user has no such credential. */
  rename(userId: string, id: string, name: string): Promise<boolean>;
  /**
   * **Atomic**: deletes the user's credential `id` unless it is the user's last way to sign
   * in (no other passkey, no password, no linked OAuth identity), as one step. Of
   * concurrent removals of a user's last two passkeys at most one succeeds.
   */
  remove(userId: string, id: string): Promise<PasskeyRemoval>;
}

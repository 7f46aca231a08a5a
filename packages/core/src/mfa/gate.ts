/**
 * The second-factor branching point of sign-in. Factor implementations (TOTP, passkeys,
 * backup codes) provide a gate; until one is configured every sign-in is single-factor.
 */

/** Kinds of second factor a user can hold. */
export type SecondFactorKind = 'totp' | 'webauthn' | 'backup_code';

export interface SecondFactorGate {
  /** The factor kinds the user has active; `[]` when none, so no second factor is needed. */
  activeFactors(userId: string): Promise<readonly SecondFactorKind[]>;
}

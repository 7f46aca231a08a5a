/**
 * TOTP (RFC 6238) through `otpauth`: the parameters every authenticator app supports
 * (HMAC-SHA-1, 6 digits, 30-second steps; RFC 6238 §4, Google Authenticator's key URI
 * format), a 160-bit secret (RFC 4226 §4 R6 recommends 160 bits), and the time step a
 * code matched, which the replay guard records.
 */
import { Secret, TOTP } from 'otpauth';

/** Bytes of a TOTP secret: 160 bits, the HMAC-SHA-1 block-size-safe length RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;
/** Seconds per time step (RFC 6238 §5.2 recommends 30). */
export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1' as const;

/** The HMAC and code length of a TOTP; Portcullis enrols only the defaults. */
export interface TotpParams {
  readonly algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  readonly digits: number;
}

const DEFAULT_PARAMS: TotpParams = { algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS };

/** The RFC 6238 time step `T` of an instant: floor(unix seconds / 30). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD);
}

/** The base32 text of a secret (what a user types when they cannot scan the QR code). */
export function totpSecretBase32(secret: Uint8Array): string {
  return new Secret({ buffer: new Uint8Array(secret).buffer }).base32;
}

/** The `otpauth://totp/…` key URI an authenticator app scans. */
export function totpUri(secret: Uint8Array, issuer: string, accountName: string): string {
  return new TOTP({
    issuer,
    label: accountName,
    secret: new Secret({ buffer: new Uint8Array(secret).buffer }),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD,
  }).toString();
}

/**
 * The time step `code` is valid for, within `window` steps either side of `now`
 * (RFC 6238 §5.2), or `null`. `params` defaults to what enrolment issues (SHA-1, 6 digits). The caller must still record the step, atomically, to refuse
 * a replay.
 */
export function matchTotpStep(
  secret: Uint8Array,
  code: string,
  now: Date,
  window: number,
  params: TotpParams = DEFAULT_PARAMS,
): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: new Secret({ buffer: new Uint8Array(secret).buffer }),
    algorithm: params.algorithm,
    digits: params.digits,
    period: TOTP_PERIOD,
    timestamp: now.getTime(),
    window,
  });
  return delta === null ? null : totpStep(now) + delta;
}

import { InputError } from '../errors.ts';
import type { AuthenticationResponseJSON } from '../passkeys/index.ts';
import { parseAuthenticationResponse } from '../passkeys/index.ts';
import { requireString } from '../validation.ts';
import { normalizeBackupCode } from './backup-codes.ts';

/**
 * How a second factor is proven: a code from the authenticator app, a backup code, or a
 * passkey assertion (`webauthn`).
 */
export type SecondFactorMethod = 'totp' | 'backup_code' | 'webauthn';

/**
 * A second factor as presented: `method` says which kind. A code is six digits for `totp`,
 * `XXXX-XXXX-XXXX` for `backup_code` (case, spaces, hyphens ignored); `webauthn` carries
 * the browser's `startAuthentication` result for options from `beginPasskeyMfaSignIn` or
 * `beginPasskeyStepUp`.
 */
export type SecondFactorProof =
  | { readonly method: 'totp' | 'backup_code'; readonly code: string }
  | { readonly method: 'webauthn'; readonly response: AuthenticationResponseJSON };

/** A proof checked for format, the backup code in canonical form. */
export type ParsedProof = SecondFactorProof;

const TOTP_CODE = /^\d{6}$/;

/**
 * Checks a proof's format before anything is read. Throws `InputError` for an unknown
 * method (`method`, `not_allowed`), a code outside its method's format (`code`), or an
 * assertion outside its shape (`response…`, see `parseAuthenticationResponse`).
 */
export function parseProof(proof: SecondFactorProof): ParsedProof {
  if (typeof proof !== 'object' || proof === null) {
    throw new InputError([
      { field: 'proof', problem: proof === undefined ? 'required' : 'invalid_type' },
    ]);
  }
  const method = requireString('method', proof.method);
  if (method === 'webauthn' && 'response' in proof) {
    return { method, response: parseAuthenticationResponse(proof.response) };
  }
  if (method === 'webauthn') throw new InputError([{ field: 'response', problem: 'required' }]);
  const code = 'code' in proof ? proof.code : undefined;
  if (method === 'totp') return { method, code: parseTotpCode(code) };
  if (method === 'backup_code') {
    return { method, code: normalizeBackupCode(requireString('code', code)) };
  }
  throw new InputError([{ field: 'method', problem: 'not_allowed' }]);
}

/** A six-digit TOTP code, checked for format (`code`). */
export function parseTotpCode(value: unknown): string {
  const code = requireString('code', value);
  if (!TOTP_CODE.test(code)) throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
  return code;
}

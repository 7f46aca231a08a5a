import { InputError } from '../errors.ts';
import { requireString } from '../validation.ts';
import { normalizeBackupCode } from './backup-codes.ts';

/** How a second factor is proven: a code from the authenticator app, or a backup code. */
export type SecondFactorMethod = 'totp' | 'backup_code';

/** A second-factor code as presented: `method` says which kind `code` is. */
export interface SecondFactorProof {
  readonly method: SecondFactorMethod;
  /** Six digits for `totp`; `XXXX-XXXX-XXXX` for `backup_code` (case, spaces, hyphens ignored). */
  readonly code: string;
}

/** A proof checked for format, the backup code in canonical form. */
export interface ParsedProof {
  readonly method: SecondFactorMethod;
  readonly code: string;
}

const TOTP_CODE = /^\d{6}$/;

/**
 * Checks a proof's format before anything is read. Throws `InputError` for an unknown
 * method (`method`, `not_allowed`) or a code outside its method's format (`code`).
 */
export function parseProof(proof: SecondFactorProof): ParsedProof {
  if (typeof proof !== 'object' || proof === null) {
    throw new InputError([
      { field: 'proof', problem: proof === undefined ? 'required' : 'invalid_type' },
    ]);
  }
  const method = requireString('method', proof.method);
  const code = requireString('code', proof.code);
  if (method === 'totp') {
    if (!TOTP_CODE.test(code)) throw new InputError([{ field: 'code', problem: 'invalid_format' }]);
    return { method, code };
  }
  if (method === 'backup_code') return { method, code: normalizeBackupCode(code) };
  throw new InputError([{ field: 'method', problem: 'not_allowed' }]);
}

/** A six-digit TOTP code, checked for format (`code`). */
export function parseTotpCode(code: string): string {
  return parseProof({ method: 'totp', code }).code;
}

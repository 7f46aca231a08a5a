import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { InputIssue } from '../errors.ts';
import { InputError } from '../errors.ts';

/** Longest passkey label. */
const NAME_MAX = 64;

/**
 * The longest value each field of a browser response may hold (base64url characters).
 * Genuine responses are far smaller: a credential id is at most 1023 bytes, an ECDSA or
 * RSA-4096 signature at most 512, a user handle at most 64 (WebAuthn Level 3 §5.4.3); the
 * attestation object leaves room for a certificate chain.
 */
const FIELD_MAX = {
  id: 1364,
  rawId: 1364,
  clientDataJSON: 4096,
  authenticatorData: 4096,
  signature: 1024,
  userHandle: 128,
  attestationObject: 16384,
  authenticatorAttachment: 32,
  type: 32,
} as const;

type Field = keyof typeof FIELD_MAX;

const TRANSPORTS_MAX = 8;

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The issues of the string fields `names` of `object` (absent ones are left to verification). */
function stringIssues(
  object: Readonly<Record<string, unknown>>,
  names: readonly Field[],
  prefix: string,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const name of names) {
    const value = Object.hasOwn(object, name) ? object[name] : undefined;
    if (value === undefined) continue;
    const field = `${prefix}${name}`;
    if (typeof value !== 'string') issues.push({ field, problem: 'invalid_type' });
    else if (value.length > FIELD_MAX[name]) issues.push({ field, problem: 'too_long' });
  }
  return issues;
}

function transportIssues(value: unknown): InputIssue[] {
  if (value === undefined) return [];
  const field = 'response.response.transports';
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length > 32))
    return [{ field, problem: 'invalid_type' }];
  return value.length > TRANSPORTS_MAX ? [{ field, problem: 'too_long' }] : [];
}

/**
 * Checks the shape of a browser response before anything is read or stored: an object
 * whose `response` is an object, whose string fields are strings no longer than a genuine
 * authenticator's, and whose `clientExtensionResults` (when present) is an object.
 * Whether the values verify is left to the ceremony. Throws `InputError` otherwise.
 */
function checkResponse(value: unknown, inner: readonly Field[]): void {
  if (!isObject(value)) {
    throw new InputError([
      { field: 'response', problem: value === undefined ? 'required' : 'invalid_type' },
    ]);
  }
  const issues = stringIssues(
    value,
    ['id', 'rawId', 'type', 'authenticatorAttachment'],
    'response.',
  );
  const body = value.response;
  if (!isObject(body)) issues.push({ field: 'response.response', problem: 'invalid_type' });
  else {
    issues.push(...stringIssues(body, inner, 'response.response.'));
    issues.push(...transportIssues(body.transports));
  }
  const extensions = value.clientExtensionResults;
  if (extensions !== undefined && !isObject(extensions))
    issues.push({ field: 'response.clientExtensionResults', problem: 'invalid_type' });
  if (issues.length > 0) throw new InputError(issues);
}

/** A browser's `startAuthentication` result, checked for shape (see `checkResponse`). */
export function parseAuthenticationResponse(value: unknown): AuthenticationResponseJSON {
  checkResponse(value, ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle']);
  return value as AuthenticationResponseJSON;
}

/** A browser's `startRegistration` result, checked for shape (see `checkResponse`). */
export function parseRegistrationResponse(value: unknown): RegistrationResponseJSON {
  checkResponse(value, ['clientDataJSON', 'attestationObject', 'authenticatorData']);
  return value as RegistrationResponseJSON;
}

/**
 * A passkey label: 1–64 characters without control characters, trimmed; `Passkey` when
 * absent. Throws `InputError` otherwise.
 */
export function passkeyName(value: unknown, fallback: string | null = 'Passkey'): string {
  if (value === undefined && fallback !== null) return fallback;
  if (typeof value !== 'string') {
    throw new InputError([
      { field: 'name', problem: value === undefined ? 'required' : 'invalid_type' },
    ]);
  }
  const name = value.trim();
  if (name === '') throw new InputError([{ field: 'name', problem: 'too_short' }]);
  if (name.length > NAME_MAX) throw new InputError([{ field: 'name', problem: 'too_long' }]);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/.test(name)) {
    throw new InputError([{ field: 'name', problem: 'control_character' }]);
  }
  return name;
}

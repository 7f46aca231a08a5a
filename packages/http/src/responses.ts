import type { InputIssue } from '@portcullis/core';
import { BusyError, InputError, isAuthError } from '@portcullis/core';
import type { FailureFlow, HttpErrorCode } from './status.ts';
import { FAILURE_CODES, HTTP_ERRORS } from './status.ts';
import type { HttpResponse } from './types.ts';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  // The body is data, never a document to sniff (OWASP REST Security Cheat Sheet).
  'x-content-type-options': 'nosniff',
} as const;

interface ResponseExtras {
  readonly headers?: Readonly<Record<string, string>>;
  readonly setCookies?: readonly string[];
}

/** A JSON response. */
export function jsonResponse(
  status: number,
  body: unknown,
  extras: ResponseExtras = {},
): HttpResponse {
  return {
    status,
    headers: { ...JSON_HEADERS, ...extras.headers },
    setCookies: extras.setCookies ?? [],
    body,
  };
}

/** A response without a body (204 by default). */
export function emptyResponse(status = 204, extras: ResponseExtras = {}): HttpResponse {
  return {
    status,
    headers: { ...extras.headers },
    setCookies: extras.setCookies ?? [],
    body: undefined,
  };
}

/** The error body of the HTTP API. */
export interface ErrorBody {
  readonly error: {
    readonly code: HttpErrorCode;
    readonly message: string;
    readonly issues?: readonly InputIssue[];
  };
}

/** An error response for `code`, with the status and message from the mapping table. */
export function problemResponse(
  code: HttpErrorCode,
  extras: ResponseExtras & { readonly issues?: readonly InputIssue[] } = {},
): HttpResponse {
  const { status, message } = HTTP_ERRORS[code];
  const body: ErrorBody = {
    error: { code, message, ...(extras.issues ? { issues: extras.issues } : {}) },
  };
  return jsonResponse(status, body, extras);
}

/** The error response for a core failure reason of one flow. */
export function failureResponse<Flow extends FailureFlow>(
  flow: Flow,
  reason: keyof (typeof FAILURE_CODES)[Flow],
  extras: ResponseExtras = {},
): HttpResponse {
  const codes: Readonly<Record<PropertyKey, HttpErrorCode>> = FAILURE_CODES[flow];
  return problemResponse(codes[reason] ?? 'internal_error', extras);
}

/** `Retry-After` delay-seconds (RFC 9110 §10.2.3): a whole number, at least 1. */
export function retryAfter(seconds: number): string {
  return String(Number.isFinite(seconds) && seconds > 1 ? Math.ceil(seconds) : 1);
}

/**
 * Maps a thrown error: `InputError` → 400 `invalid_input` with its issues (field and
 * problem only, never the value); `BusyError` → 503 `busy` with `Retry-After`. Everything else — `ConfigError`, `StorageError`, a bug —
 * → 500 `internal_error` with a fixed message, so no internals (SQL, stack, key ids) leak.
 */
export function errorResponse(error: unknown): HttpResponse {
  if (error instanceof InputError || isAuthError(error, 'INPUT_INVALID')) {
    const issues = error instanceof InputError ? error.issues : [];
    return problemResponse('invalid_input', { issues });
  }
  if (error instanceof BusyError) {
    return problemResponse('busy', {
      headers: { 'retry-after': retryAfter(error.retryAfterSeconds) },
    });
  }
  return problemResponse('internal_error');
}

/** True when {@link errorResponse} answers `error` with 500: the cases worth logging. */
export function isUnexpectedError(error: unknown): boolean {
  return !(
    error instanceof InputError ||
    isAuthError(error, 'INPUT_INVALID') ||
    error instanceof BusyError
  );
}

/** Adds `cache-control: no-store` (RFC 9111 §5.2.2.5): auth answers carry tokens and personal data. */
export function noStore(response: HttpResponse): HttpResponse {
  return { ...response, headers: { ...response.headers, 'cache-control': 'no-store' } };
}

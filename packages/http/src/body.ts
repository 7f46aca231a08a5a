import { ConfigError, InputError } from '@portcullis/core';
import { problemResponse } from './responses.ts';
import type { HttpResponse } from './types.ts';

/** Default cap on a JSON request body. Auth requests are a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** A request body as a binding sees it, before parsing. */
export interface RawRequestBody {
  readonly contentType: string | null;
  readonly contentLength: string | null;
  /** The body bytes (a Node request is an `AsyncIterable`), or `null` when there is none. */
  readonly stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null;
}

export type JsonBodyResult =
  | { readonly ok: true; readonly body: unknown }
  | {
      readonly ok: false;
      readonly response: HttpResponse;
      /** `false` when reading stopped early: the rest of the body is still on the connection. */
      readonly complete: boolean;
    };

/**
 * Validates a body cap (a binding's `maxBodyBytes`; default {@link MAX_JSON_BODY_BYTES}).
 * Throws `ConfigError` for anything but a non-negative safe integer: `NaN` or `Infinity`
 * (say, `Number()` of an unset environment variable) compare false with every size and
 * would silently remove the cap.
 */
export function bodyLimit(maxBodyBytes: number | undefined): number {
  if (maxBodyBytes === undefined) return MAX_JSON_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 0) {
    throw new ConfigError('maxBodyBytes must be a non-negative integer');
  }
  return maxBodyBytes;
}

/** `application/json` or a `+json` structured syntax suffix (RFC 6839 §3.1). */
export function isJsonMediaType(contentType: string | null): boolean {
  const essence = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

/** Whether a `Content-Type` is `application/x-www-form-urlencoded` (parameters ignored). */
export function isFormMediaType(contentType: string | null): boolean {
  const essence = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/x-www-form-urlencoded';
}

/**
 * A form body (only routes that take one, like RFC 7662 introspection) as an object of
 * strings. A parameter sent twice is refused (RFC 6749 §3.1), as is invalid UTF-8.
 */
function formBody(bytes: Uint8Array): JsonBodyResult {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const body: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      if (Object.hasOwn(body, name))
        throw new InputError([{ field: name, problem: 'not_allowed' }]);
      body[name] = value;
    }
    return { ok: true, body };
  } catch (error) {
    const issues = error instanceof InputError ? error.issues : [];
    return { ok: false, response: problemResponse('invalid_input', { issues }), complete: true };
  }
}

function chunksOf(stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): {
  next(): Promise<IteratorResult<Uint8Array>>;
  cancel(): void;
} {
  if ('getReader' in stream) {
    const reader = stream.getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
      cancel: () => void reader.cancel().catch(() => undefined),
    };
  }
  const iterator = stream[Symbol.asyncIterator]();
  // Not `return()`: on Node that destroys the socket before the 413 can be written.
  return { next: () => iterator.next(), cancel: () => undefined };
}

/** Reads at most `limit` bytes, or answers `null` once the body proves longer. */
async function readBounded(
  stream: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array | null> {
  const chunks = chunksOf(stream);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await chunks.next();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      chunks.cancel();
      return null;
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

/**
 * Reads and parses a JSON request body for a binding, bounded by `limit` bytes:
 * - a declared or actual size over the limit → 413 `payload_too_large`, without buffering
 *   the excess;
 * - an empty body → `undefined` (routes that need fields then answer 400);
 * - a body that is not `application/json` → 415 `unsupported_media_type`. This also keeps
 *   the cross-site "simple request" forms (`text/plain`, form encodings) out, so a forged
 *   request cannot even reach a route without a CORS preflight;
 * - invalid UTF-8 or invalid JSON → 400 `invalid_json`.
 */
export async function readJsonBody(
  raw: RawRequestBody,
  limit: number = MAX_JSON_BODY_BYTES,
  accept: { readonly form?: boolean } = {},
): Promise<JsonBodyResult> {
  bodyLimit(limit);
  if (raw.contentLength !== null) {
    const declared = raw.contentLength.trim();
    if (/^[0-9]+$/.test(declared) && Number(declared) > limit) {
      return { ok: false, response: problemResponse('payload_too_large'), complete: false };
    }
  }
  if (raw.stream === null) return { ok: true, body: undefined };
  const bytes = await readBounded(raw.stream, limit);
  if (bytes === null)
    return { ok: false, response: problemResponse('payload_too_large'), complete: false };
  if (bytes.byteLength === 0) return { ok: true, body: undefined };
  if (accept.form === true && isFormMediaType(raw.contentType)) return formBody(bytes);
  if (!isJsonMediaType(raw.contentType)) {
    return { ok: false, response: problemResponse('unsupported_media_type'), complete: true };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: problemResponse('invalid_json'), complete: true };
  }
}

/**
 * The body of a route that takes fields: a plain JSON object, else `InputError` (400).
 * Arrays, strings, numbers and `null` are refused here so they never reach core.
 */
export function bodyObject(body: unknown): Readonly<Record<string, unknown>> {
  if (body === undefined) throw new InputError([{ field: 'body', problem: 'required' }]);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError([{ field: 'body', problem: 'invalid_type' }]);
  }
  return body as Readonly<Record<string, unknown>>;
}

/** An own property of a parsed body: never one inherited from `Object.prototype`. */
export function field(body: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(body, name) ? body[name] : undefined;
}

/**
 * An own string property of a parsed body. Throws `InputError` (`required` or
 * `invalid_type`, answered 400) for anything else, so core only ever receives the types
 * its functions declare.
 */
export function textField(body: Readonly<Record<string, unknown>>, name: string): string {
  const value = field(body, name);
  if (typeof value === 'string') return value;
  throw new InputError([
    { field: name, problem: value === undefined ? 'required' : 'invalid_type' },
  ]);
}

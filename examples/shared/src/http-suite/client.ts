/**
 * A small fetch client for the HTTP suite. It plays a browser (cookie + Origin) or an API
 * client (bearer) explicitly, so every test states which credentials it sends.
 */

/** How a request authenticates. A cookie request sends the app's Origin unless told otherwise. */
export type Credentials =
  | { readonly cookie: string; readonly origin?: string | null }
  | { readonly bearer: string };

export interface RequestOptions {
  readonly json?: unknown;
  /** Sent as-is with `content-type: application/json` (for malformed or huge bodies). */
  readonly rawBody?: string;
  readonly as?: Credentials;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly setCookies: readonly string[];
  /** Parsed JSON, the text for other content types, `undefined` when empty. */
  readonly body: unknown;
  readonly text: string;
}

export class ApiClient {
  readonly url: string;
  readonly origin: string;

  constructor(url: string) {
    this.url = url.replace(/\/$/, '');
    this.origin = new URL(url).origin;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers = new Headers(options.headers);
    let body: string | undefined;
    if (options.rawBody !== undefined || options.json !== undefined) {
      body = options.rawBody ?? JSON.stringify(options.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const as = options.as;
    if (as && 'bearer' in as) headers.set('authorization', `Bearer ${as.bearer}`);
    if (as && 'cookie' in as) {
      headers.set('cookie', as.cookie);
      const origin = as.origin === undefined ? this.origin : as.origin;
      if (origin !== null) headers.set('origin', origin);
    }
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      redirect: 'manual',
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    return {
      status: response.status,
      headers: response.headers,
      setCookies: response.headers.getSetCookie(),
      body: text === '' ? undefined : isJson ? JSON.parse(text) : text,
      text,
    };
  }

  get(path: string, as?: Credentials) {
    return this.request('GET', path, as ? { as } : {});
  }

  post(path: string, json?: unknown, as?: Credentials) {
    return this.request('POST', path, {
      ...(json === undefined ? {} : { json }),
      ...(as ? { as } : {}),
    });
  }

  delete(path: string, as?: Credentials) {
    return this.request('DELETE', path, as ? { as } : {});
  }
}

/** `body` as an object, failing loudly when the response was not one. */
export function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A string member of a JSON object, failing loudly when absent. */
export function text(value: unknown, ...path: string[]): string {
  let current: unknown = value;
  for (const key of path) current = record(current)[key];
  if (typeof current !== 'string') {
    throw new Error(`expected a string at ${path.join('.')}, got ${JSON.stringify(current)}`);
  }
  return current;
}

/** The `error.code` of an error response. */
export function errorCode(response: ApiResponse): string {
  return text(response.body, 'error', 'code');
}

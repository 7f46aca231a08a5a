/**
 * The few HTTP calls OAuth makes to a provider, over the runtime's `fetch`. Every answer is
 * size-capped and must be JSON; redirects are not followed (a token or profile endpoint
 * that redirects is misconfigured or hostile).
 */

/** `fetch` as core calls it (the global one by default; tests pass their own). */
export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

const MAX_BODY_BYTES = 256 * 1024;
const TIMEOUT_MS = 10_000;

/** A provider call that failed: transport error, non-2xx status or a body that is not JSON. */
export class ProviderCallError extends Error {
  constructor(
    readonly step: 'discovery' | 'token' | 'profile',
    readonly status: number | null,
  ) {
    super(`OAuth provider ${step} request failed${status === null ? '' : ` (HTTP ${status})`}`);
    this.name = 'ProviderCallError';
  }
}

/** Calls `url` and parses its JSON answer, or throws {@link ProviderCallError}. */
export async function fetchJson(
  fetcher: FetchFunction,
  step: ProviderCallError['step'],
  url: string,
  init: RequestInit = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetcher(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'application/json', ...init.headers },
    });
  } catch {
    throw new ProviderCallError(step, null);
  }
  const body = await response.arrayBuffer().catch(() => null);
  if (!response.ok || body === null || body.byteLength > MAX_BODY_BYTES) {
    throw new ProviderCallError(step, response.status);
  }
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ProviderCallError(step, response.status);
  }
}

/** {@link fetchJson} for an answer that must be a JSON object. */
export async function fetchJsonObject(
  fetcher: FetchFunction,
  step: ProviderCallError['step'],
  url: string,
  init: RequestInit = {},
): Promise<Record<string, unknown>> {
  const parsed = await fetchJson(fetcher, step, url, init);
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
    return parsed as Record<string, unknown>;
  }
  throw new ProviderCallError(step, null);
}

/** Whether `url` is `https:`, or `http:` on a loopback host (a local test provider). */
export function isSecureEndpoint(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  return (
    parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  );
}

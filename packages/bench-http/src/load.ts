import autocannon from 'autocannon';

/** One autocannon run's figures. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly failures: number;
}

export interface LoadScript {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body?: string;
}

/**
 * Drives `script` with `connections` concurrent connections for `seconds`. Non-2xx answers
 * and socket errors are counted as failures: a run with failures measured something else.
 */
export async function drive(
  script: LoadScript,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: script.url,
    method: script.method,
    headers: script.headers,
    ...(script.body === undefined ? {} : { body: script.body }),
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

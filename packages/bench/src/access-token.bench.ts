import {
  createAuthConfig,
  cryptoRandom,
  issueAccessToken,
  systemClock,
  verifyAccessToken,
} from '@portcullis/core';
import type { PairResult } from './measure.ts';
import { measurePair } from './measure.ts';

/**
 * Access-token verification (jose, all claim checks) against the floor of one raw
 * HMAC-SHA256 verification of the same signing input with WebCrypto. Reported as
 * verifications per second of each and their ratio.
 */
export async function accessTokenVersusHmac(options: {
  rounds: number;
  warmup: number;
  batch: number;
}): Promise<PairResult> {
  const secret = crypto.getRandomValues(new Uint8Array(32));
  const config = createAuthConfig({
    secret: crypto.getRandomValues(new Uint8Array(32)),
    issuer: 'https://bench.local',
    audience: 'bench',
    accessToken: { keys: [{ kid: 'k', alg: 'HS256', secret }] },
  });
  const deps = { config, clock: systemClock, random: cryptoRandom };
  const { token } = await issueAccessToken(deps, {
    userId: 'user-1',
    sessionId: 'session-1',
    aal: 'aal1',
    scopes: ['read'],
  });

  const [header = '', payload = '', signature = ''] = token.split('.');
  const signingInput = new TextEncoder().encode(`${header}.${payload}`);
  const signatureBytes = Uint8Array.from(
    atob(signature.replace(/-/g, '+').replace(/_/g, '/')),
    (c) => c.charCodeAt(0),
  );
  const key = await crypto.subtle.importKey(
    'raw',
    secret,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['verify'],
  );

  return measurePair(
    {
      label: 'verifyAccessToken',
      run: async () => {
        const result = await verifyAccessToken(deps, { accessToken: token });
        if (!result.ok) throw new Error(`verification failed: ${result.reason}`);
      },
    },
    {
      label: 'raw HMAC-SHA256 verify',
      run: async () => {
        if (!(await crypto.subtle.verify('HMAC', key, signatureBytes, signingInput)))
          throw new Error('bad MAC');
      },
    },
    options,
  );
}

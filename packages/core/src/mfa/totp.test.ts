import { describe, expect, it } from 'vitest';
import totpVectors from '../../test/totp-vectors.json' with { type: 'json' };
import vectors from '../../test/vectors.json' with { type: 'json' };
import { utf8 } from '../primitives/index.ts';
import type { TotpParams } from './totp.ts';
import { matchTotpStep, totpSecretBase32, totpStep, totpUri } from './totp.ts';

interface VectorSuite {
  readonly secret_ascii: string;
  readonly digits: number;
  readonly cases: readonly (readonly (string | number)[])[];
}

const suites: [string, TotpParams['algorithm'], VectorSuite][] = [
  ['SHA-1', 'SHA1', vectors.rfc6238_totp_sha1],
  ['SHA-256', 'SHA256', totpVectors.rfc6238_totp_sha256],
  ['SHA-512', 'SHA512', totpVectors.rfc6238_totp_sha512],
];

describe('TOTP (RFC 6238 Appendix B)', () => {
  for (const [name, algorithm, suite] of suites) {
    it(`accepts every ${name} vector at its time, and only at its step`, () => {
      const secret = utf8(suite.secret_ascii);
      for (const [seconds, code] of suite.cases as [number, string][]) {
        const at = new Date(seconds * 1000);
        const params = { algorithm, digits: suite.digits };
        expect(matchTotpStep(secret, code, at, 0, params)).toBe(totpStep(at));
        // Two steps later it is outside a ±1 window.
        expect(matchTotpStep(secret, code, new Date((seconds + 60) * 1000), 1, params)).toBeNull();
      }
    });
  }

  it('reports the matched step inside the window (earlier, current, later)', () => {
    const secret = utf8(vectors.rfc6238_totp_sha1.secret_ascii);
    const params = { algorithm: 'SHA1', digits: 8 } as const;
    const at = new Date(1111111109 * 1000);
    expect(matchTotpStep(secret, '07081804', new Date(at.getTime() + 30_000), 1, params)).toBe(
      totpStep(at),
    );
    expect(matchTotpStep(secret, '07081804', new Date(at.getTime() - 30_000), 1, params)).toBe(
      totpStep(at),
    );
    expect(
      matchTotpStep(secret, '07081804', new Date(at.getTime() + 30_000), 0, params),
    ).toBeNull();
    expect(matchTotpStep(secret, '00000000', at, 1, params)).toBeNull();
  });

  it('builds the key URI an authenticator scans, with the base32 secret', () => {
    const secret = utf8(vectors.rfc6238_totp_sha1.secret_ascii);
    expect(totpSecretBase32(secret)).toBe(vectors.rfc6238_totp_sha1.secret_base32);
    const uri = new URL(totpUri(secret, 'example.com', 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(vectors.rfc6238_totp_sha1.secret_base32);
    expect(uri.searchParams.get('issuer')).toBe('example.com');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(uri.pathname)).toContain('ada@example.com');
  });
});

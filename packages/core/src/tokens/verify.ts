import {
  decodeProtectedHeader,
  errors,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import type { AuthDeps } from '../deps.ts';
import { requireString } from '../validation.ts';
import {
  type AccessTokenFailureReason,
  type AccessTokenVerification,
  readClaims,
  refuse,
} from './claims.ts';
import { findKey, verificationKey } from './keys.ts';

/** Our tokens are a few hundred bytes; anything far larger is refused before any parsing. */
const MAX_TOKEN_LENGTH = 8192;

/** Three base64url segments (RFC 7515 §7.1); the signature may be empty so `alg: none` reaches the alg check. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Header parameters we never issue and never trust. `jku`/`x5u`/`jwk`/`x5c` would let the
 * token name its own verification key (RFC 8725 §3.10); `crit`/`b64` (RFC 7797) change how
 * the token is processed. A token carrying any of them is not one of ours: `malformed`.
 */
const UNTRUSTED_HEADERS = ['jku', 'x5u', 'jwk', 'x5c', 'crit', 'b64'];

/** The only `typ` we accept (RFC 9068 §2.1), so an ID token or other JWT cannot pass as one. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

function reasonFor(error: unknown): AccessTokenFailureReason {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    const inFuture =
      (error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed';
    return inFuture ? 'not_yet_valid' : 'invalid_claims';
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  return 'malformed';
}

/** An access token presented by a client. */
export interface VerifyAccessTokenInput {
  readonly accessToken: string;
}

/**
 * Verifies an access token against the configured key set. Every refusal of a string is an
 * `{ ok: false, reason }` (see `AccessTokenFailureReason`). It throws `InputError` for a
 * non-string, and `ConfigError` when a configured key cannot be imported — a deployment bug
 * that should fail loudly rather than look like a bad token.
 *
 * The key is chosen by `kid` from our own key set, and the token's `alg` must be that key's
 * algorithm, so neither `alg: none` nor an HS256 token "signed" with a published ES256/EdDSA
 * public key can pass (RFC 8725 §2.1, §3.1). This checks the token only; whether its session
 * still exists is the caller's concern.
 */
export async function verifyAccessToken(
  deps: Pick<AuthDeps, 'config' | 'clock'>,
  input: VerifyAccessTokenInput,
): Promise<AccessTokenVerification> {
  const token = requireString('accessToken', input.accessToken);
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    return refuse('malformed');
  }
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return refuse('malformed');
  }
  if (UNTRUSTED_HEADERS.some((name) => Object.hasOwn(header, name))) return refuse('malformed');

  const { config } = deps;
  const settings = config.accessToken;
  const { alg, kid } = header;
  if (typeof alg !== 'string' || alg === 'none') return refuse('algorithm_not_allowed');
  // The kid is looked up first so a token of a retired key reads `unknown_key`. Requiring the
  // token's alg to equal its key's alg also confines it to the configured algorithms.
  const key = typeof kid === 'string' ? findKey(settings, kid) : undefined;
  if (!key) return refuse('unknown_key');
  if (key.alg !== alg) return refuse('algorithm_not_allowed');

  const material = await verificationKey(settings, key);
  const now = deps.clock.now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, material, {
      algorithms: [key.alg],
      issuer: config.issuer,
      audience: config.audience,
      typ: ACCESS_TOKEN_TYPE,
      clockTolerance: settings.clockSkew,
      currentDate: now,
      requiredClaims: ['sub', 'sid', 'iat', 'exp', 'jti'],
    }));
  } catch (error) {
    return refuse(reasonFor(error));
  }
  return readClaims(payload, config, now, settings.clockSkew);
}

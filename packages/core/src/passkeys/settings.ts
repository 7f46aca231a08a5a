import { ConfigError } from '../errors.ts';

/** Whether the authenticator must verify the user (PIN, biometrics) in each ceremony. */
export type PasskeyUserVerification = 'required' | 'preferred' | 'discouraged';

/** What an app states about its relying party (see docs/passkeys.md, "rpID and origins"). */
export interface PasskeySettingsInput {
  /**
   * The relying party id: the registrable domain (or a parent of the host) the passkeys
   * are bound to, e.g. `example.com`. No scheme, no port, no path.
   */
  readonly rpId: string;
  /** The name browsers show beside the passkey. */
  readonly rpName: string;
  /** The exact origins (`https://app.example.com`) a response may come from. */
  readonly origins: readonly string[];
  /** Default `preferred`. With `required`, a response without user verification fails. */
  readonly userVerification?: PasskeyUserVerification | undefined;
  /** How long a challenge may be answered, in ms. Default 300 000 (5 min), 30 s to 15 min. */
  readonly challengeTtlMs?: number | undefined;
}

/** Checked passkey settings (made by {@link createPasskeySettings}). */
export interface PasskeySettings {
  readonly rpId: string;
  readonly rpName: string;
  readonly origins: readonly string[];
  readonly userVerification: PasskeyUserVerification;
  readonly challengeTtlMs: number;
}

const HOST =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function checkOrigin(origin: string, rpId: string): void {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new ConfigError(`passkeys.origins: "${origin}" is not a URL`);
  }
  if (url.origin !== origin) {
    throw new ConfigError(`passkeys.origins: "${origin}" must be a bare origin (${url.origin})`);
  }
  const local = url.hostname === 'localhost';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) {
    throw new ConfigError(`passkeys.origins: "${origin}" must use https (http only on localhost)`);
  }
  if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
    throw new ConfigError(`passkeys.origins: "${origin}" is not on rpId "${rpId}" or a subdomain`);
  }
}

/**
 * Checks and completes passkey settings. Throws `ConfigError` for an rpId that is not a
 * lower-case host name, no origins, an origin that is not a bare https origin (http is
 * allowed on `localhost`) on the rpId or one of its subdomains, or a TTL out of bounds.
 */
export function createPasskeySettings(input: PasskeySettingsInput): PasskeySettings {
  if (!HOST.test(input.rpId)) throw new ConfigError('passkeys.rpId must be a lower-case host name');
  if (input.rpName.trim() === '') throw new ConfigError('passkeys.rpName must not be empty');
  if (input.origins.length === 0) throw new ConfigError('passkeys.origins must name an origin');
  for (const origin of input.origins) checkOrigin(origin, input.rpId);
  const challengeTtlMs = input.challengeTtlMs ?? 300_000;
  if (!Number.isInteger(challengeTtlMs) || challengeTtlMs < 30_000 || challengeTtlMs > 900_000) {
    throw new ConfigError('passkeys.challengeTtlMs must be an integer from 30000 to 900000');
  }
  return {
    rpId: input.rpId,
    rpName: input.rpName,
    origins: [...input.origins],
    userVerification: input.userVerification ?? 'preferred',
    challengeTtlMs,
  };
}

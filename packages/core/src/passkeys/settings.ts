import { ConfigError } from '../errors.ts';

/** Whether the authenticator must verify the user (PIN, biometrics) in each ceremony. */
export type PasskeyUserVerification = 'required' | 'preferred' | 'discouraged';

/**
 * `config.passkeys`: what an app states about its relying party (see docs/passkeys.md,
 * "rpID and origins"). Without it the passkey functions throw `ConfigError`.
 */
export interface PasskeyConfigInput {
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
  /** How long a challenge may be answered, in seconds (see CONFIG_DEFAULTS). */
  readonly challengeTtl?: number | undefined;
}

/** The checked relying party and challenge lifetime the ceremonies use. */
export interface PasskeySettings {
  readonly rpId: string;
  readonly rpName: string;
  readonly origins: readonly string[];
  readonly userVerification: PasskeyUserVerification;
  /** Seconds. */
  readonly challengeTtl: number;
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

/** `AuthConfig.passkeys`: `relyingParty` is `null` when `config.passkeys` was not given. */
export interface PasskeyConfig {
  readonly challengeTtl: number;
  readonly relyingParty: Omit<PasskeySettings, 'challengeTtl'> | null;
}

/**
 * Checks `config.passkeys`; `challengeTtl` comes resolved from CONFIG_DEFAULTS. Throws `ConfigError` for an rpId that is not a lower-case host name, an
 * empty rpName, no origins, or an origin that is not a bare https origin (http is allowed
 * on `localhost`) on the rpId or one of its subdomains.
 */
export function resolvePasskeySettings(
  input: PasskeyConfigInput | undefined,
  challengeTtl: number,
): PasskeyConfig {
  if (input === undefined) return { challengeTtl, relyingParty: null };
  if (!HOST.test(input.rpId)) throw new ConfigError('passkeys.rpId must be a lower-case host name');
  if (input.rpName.trim() === '') throw new ConfigError('passkeys.rpName must not be empty');
  if (input.origins.length === 0) throw new ConfigError('passkeys.origins must name an origin');
  for (const origin of input.origins) checkOrigin(origin, input.rpId);
  const userVerification = input.userVerification ?? 'preferred';
  if (!['required', 'preferred', 'discouraged'].includes(userVerification)) {
    throw new ConfigError('passkeys.userVerification must be required, preferred or discouraged');
  }
  return {
    challengeTtl,
    relyingParty: {
      rpId: input.rpId,
      rpName: input.rpName,
      origins: [...input.origins],
      userVerification,
    },
  };
}

/** The passkey settings, or `ConfigError` when `config.passkeys` was not given. */
export function passkeySettings(config: { readonly passkeys: PasskeyConfig }): PasskeySettings {
  const { relyingParty, challengeTtl } = config.passkeys;
  if (relyingParty === null) {
    throw new ConfigError('passkeys are not configured (config.passkeys)');
  }
  return { ...relyingParty, challengeTtl };
}

/** Whether passkeys can be used: `config.passkeys` is given and `flows.passkeys` is on. */
export function passkeysAvailable(config: {
  readonly passkeys: PasskeyConfig;
  readonly flows: { readonly passkeys: boolean };
}): boolean {
  return config.flows.passkeys && config.passkeys.relyingParty !== null;
}

/**
 * The `passwordless` section of the configuration: magic links and emailed sign-in codes.
 * Numeric settings come from `CONFIG_DEFAULTS`; this file resolves the rest.
 */
import type { IntegerSettingName } from './config-defaults.ts';
import { ConfigError } from './errors.ts';

export interface PasswordlessConfigInput {
  /**
   * The page of your app a magic link opens, as an absolute `https:` URL (`http:` only for
   * `localhost`/`127.0.0.1`), e.g. `https://app.example.com/sign-in/link`. The token goes in
   * its fragment. Links are built from this setting only, never from a request's `Host`, so
   * a forged header cannot make a mail point elsewhere. Required by `requestMagicLink`.
   */
  readonly linkUrl?: string;
  /** Lifetime of a magic link, in seconds. */
  readonly linkTtl?: number;
  /** Lifetime of an emailed sign-in code, in seconds. */
  readonly codeTtl?: number;
  /** Digits of an emailed sign-in code (6 to 8). */
  readonly codeLength?: number;
  /** Wrong guesses before an emailed sign-in code is dead. */
  readonly maxAttempts?: number;
  /**
   * Let a magic link create the account when its address has none. Default false: a link
   * is only mailed to addresses that have an account.
   */
  readonly signUp?: boolean;
}

/** The resolved section. */
export interface PasswordlessConfig {
  /** `null` when not configured: `requestMagicLink` then throws `ConfigError`. */
  readonly linkUrl: string | null;
  readonly linkTtl: number;
  readonly codeTtl: number;
  readonly codeLength: number;
  readonly maxAttempts: number;
  readonly signUp: boolean;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

function parseLinkUrl(value: unknown): string | null {
  if (value === undefined) return null;
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.includes(url.hostname));
  if (url === null || !secure || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ConfigError(
      'passwordless.linkUrl must be an absolute https: URL (http: only on localhost) without a fragment or credentials',
    );
  }
  return url.href;
}

/** Resolves the section; throws `ConfigError` naming a bad setting. */
export function resolvePasswordless(
  input: PasswordlessConfigInput | undefined,
  n: Readonly<Record<IntegerSettingName, number>>,
): PasswordlessConfig {
  const signUp = input?.signUp;
  if (signUp !== undefined && typeof signUp !== 'boolean')
    throw new ConfigError('passwordless.signUp must be true or false');
  return {
    linkUrl: parseLinkUrl(input?.linkUrl),
    linkTtl: n['passwordless.linkTtl'],
    codeTtl: n['passwordless.codeTtl'],
    codeLength: n['passwordless.codeLength'],
    maxAttempts: n['passwordless.maxAttempts'],
    signUp: signUp === true,
  };
}

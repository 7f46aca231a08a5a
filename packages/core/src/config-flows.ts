/**
 * The `flows` section: which sign-in and recovery flows the app offers. A disabled flow's
 * functions answer `{ ok: false, reason: 'disabled' }` before reading their input or
 * touching storage, and `@portcullis/http` answers its routes 404 (docs/capabilities.md).
 */
import { ConfigError } from './errors.ts';

/** A flow that can be switched off. */
export type AuthFlow =
  | 'signUp'
  | 'passwordReset'
  | 'magicLinks'
  | 'signInCodes'
  | 'oauth'
  | 'passkeys';

/** `flows` as given: every flow is on unless set to `false`. */
export type FlowsConfigInput = { readonly [Flow in AuthFlow]?: boolean };

/** The resolved section: whether each flow is on. */
export type FlowsConfig = { readonly [Flow in AuthFlow]: boolean };

/** Every flow name, in the order of the docs. */
export const AUTH_FLOWS: readonly AuthFlow[] = [
  'signUp',
  'passwordReset',
  'magicLinks',
  'signInCodes',
  'oauth',
  'passkeys',
];

/** Resolves the section; throws `ConfigError` for an unknown flow or a non-boolean. */
export function resolveFlows(input: FlowsConfigInput | undefined): FlowsConfig {
  const given: Record<string, unknown> = { ...input };
  for (const name of Object.keys(given)) {
    if (!(AUTH_FLOWS as readonly string[]).includes(name))
      throw new ConfigError(`flows.${name}: unknown flow`);
    if (typeof given[name] !== 'boolean')
      throw new ConfigError(`flows.${name} must be true or false`);
  }
  const resolved: Record<AuthFlow, boolean> = {
    signUp: true,
    passwordReset: true,
    magicLinks: true,
    signInCodes: true,
    oauth: true,
    passkeys: true,
  };
  for (const flow of AUTH_FLOWS) if (given[flow] === false) resolved[flow] = false;
  return resolved;
}

/** What a disabled flow's functions answer. */
export interface FlowDisabled {
  readonly ok: false;
  readonly reason: 'disabled';
}

/** The answer of a disabled flow. */
export const FLOW_DISABLED: FlowDisabled = { ok: false, reason: 'disabled' };

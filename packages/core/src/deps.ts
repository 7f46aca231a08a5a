import type { AuthConfig } from './config.ts';
import type { EventEmitter } from './events/emitter.ts';
import type { DataSubjectHook } from './lifecycle/hooks.ts';
import type { AuthMailer } from './mail/types.ts';
import type { SecondFactorGate } from './mfa/gate.ts';
import type { OAuthRuntime } from './oauth/runtime.ts';
import type { PasswordHasher } from './password/hasher.ts';
import type { PasswordScreen } from './password/screen.ts';
import type { Clock, RandomSource } from './primitives/runtime.ts';
import type { Repositories } from './repos.ts';

/**
 * Everything a core function may need. Each function declares the subset it uses with
 * {@link DepsFor}, so it can be called with just those (tests pass fakes for exactly what
 * is used).
 */
export interface AuthDeps {
  readonly config: AuthConfig;
  readonly repos: Repositories;
  readonly hasher: PasswordHasher;
  /** Refuses common (and, when configured, breached) new passwords. */
  readonly passwordScreen: PasswordScreen;
  readonly mailer: AuthMailer;
  readonly events: EventEmitter;
  readonly clock: Clock;
  readonly random: RandomSource;
  /** `null` until a second factor is configured. */
  readonly secondFactor: SecondFactorGate | null;
  /** Sign-in with OAuth / OIDC providers; `null` when none are configured. */
  readonly oauth: OAuthRuntime | null;
  /** The app's data-subject hooks (core's own is added where they run). */
  readonly dataSubjectHooks: readonly DataSubjectHook[];
}

/** The dependencies `K` plus the repositories `R`. */
export type DepsFor<
  K extends Exclude<keyof AuthDeps, 'repos'>,
  R extends keyof Repositories = never,
> = Pick<AuthDeps, K> & { readonly repos: Pick<Repositories, R> };

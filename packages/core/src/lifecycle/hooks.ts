import { ConfigError } from '../errors.ts';
import type { JsonValue } from '../repos.ts';

/**
 * How one module takes part in the data-subject rights (GDPR art. 15, 17, 20): it can
 * export everything it holds about a user, and purge it. Core registers its own (module
 * `portcullis`: every auth row); every module that stores personal data registers one, in
 * `createAuth({ dataSubjectHooks })`.
 */
export interface DataSubjectHook {
  /** A stable name, unique among hooks: 1–64 of `a-z 0-9 _ -`, starting with a letter. */
  readonly module: string;
  /**
   * Everything the module holds about the user, as JSON. No secret, hash or token: the
   * export is handed to the user.
   */
  exportUserData(userId: string): Promise<JsonValue>;
  /**
   * Deletes (or anonymises) everything the module holds about the user. Must be
   * idempotent: a retry after a failure calls it again, and a second call must succeed
   * and change nothing.
   */
  purgeUserData(userId: string): Promise<void>;
}

/** The module name of core's own hook. */
export const CORE_MODULE = 'portcullis';

const MODULE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/**
 * Checks the app's hooks at start-up: well-formed, unique names, none named like core's,
 * both functions present. Throws `ConfigError` naming the problem.
 */
export function validateHooks(hooks: readonly DataSubjectHook[]): readonly DataSubjectHook[] {
  if (!Array.isArray(hooks)) throw new ConfigError('dataSubjectHooks must be a list');
  const seen = new Set<string>([CORE_MODULE]);
  for (const hook of hooks) {
    const name: unknown = hook?.module;
    if (typeof name !== 'string' || !MODULE_NAME.test(name))
      throw new ConfigError('dataSubjectHooks: module must match /^[a-z][a-z0-9_-]{0,63}$/');
    if (seen.has(name)) throw new ConfigError(`dataSubjectHooks: module "${name}" is taken`);
    if (typeof hook.exportUserData !== 'function' || typeof hook.purgeUserData !== 'function')
      throw new ConfigError(`dataSubjectHooks: "${name}" needs exportUserData and purgeUserData`);
    seen.add(name);
  }
  return [...hooks];
}

/** Whether `name` could be a module name (retry tokens carry them). */
export function isModuleName(name: unknown): name is string {
  return typeof name === 'string' && MODULE_NAME.test(name);
}

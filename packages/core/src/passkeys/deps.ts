import type { DepsFor } from '../deps.ts';
import type { PasskeySettings } from './settings.ts';

/**
 * What the passkey ceremonies need: core's clock, randomness, events, the users and passkey
 * repositories, and the passkey settings (until `createAuth` takes them: see docs/passkeys.md).
 */
export type PasskeyDeps = DepsFor<'clock' | 'random' | 'events', 'users' | 'passkeys'> & {
  readonly passkeys: PasskeySettings;
};

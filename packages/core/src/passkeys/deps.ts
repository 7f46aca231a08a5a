import type { DepsFor } from '../deps.ts';

/**
 * What the passkey ceremonies need: the configuration (`config.passkeys`), clock,
 * randomness, events, and the users and passkey repositories.
 */
export type PasskeyDeps = DepsFor<'config' | 'clock' | 'random' | 'events', 'users' | 'passkeys'>;

import type { DepsFor } from '../deps.ts';

/**
 * What the passkey ceremonies need: the configuration (`config.passkeys`), clock,
 * randomness, events, and the users and passkey repositories.
 */
export type PasskeyDeps = DepsFor<'config' | 'clock' | 'random' | 'events', 'users' | 'passkeys'>;

/** What checking an assertion needs: no randomness, and no repository but the passkeys. */
export type PasskeyAssertionDeps = DepsFor<'config' | 'clock' | 'events', 'passkeys'>;

/** What issuing a challenge and its options needs. */
export type PasskeyOptionsDeps = DepsFor<'config' | 'clock' | 'random', 'passkeys'>;

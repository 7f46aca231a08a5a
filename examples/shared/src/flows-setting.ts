import type { AuthFlow } from '@portcullis/core';
import { AUTH_FLOWS } from '@portcullis/core';
import { ExampleSettingsError } from './startup.ts';

/**
 * FLOWS_OFF: a comma-separated list of flows to switch off (`signUp,magicLinks`); their
 * routes answer 404 (docs/capabilities.md). Default none. An unknown name stops start-up.
 */
export function parseFlowsOff(value: string | undefined): readonly AuthFlow[] {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of names) {
    if (!(AUTH_FLOWS as readonly string[]).includes(name))
      throw new ExampleSettingsError(
        `FLOWS_OFF: unknown flow ${JSON.stringify(name)} (one of ${AUTH_FLOWS.join(', ')})`,
      );
  }
  return [...new Set(names)] as AuthFlow[];
}

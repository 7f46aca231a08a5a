import type { AuthFlow } from '@portcullis/core';
import { AUTH_FLOWS } from '@portcullis/core';
import { ExampleSettingsError } from './startup.ts';

/**
 * INTROSPECTION_CLIENT: `id:secret` of one resource server allowed to call
 * `POST /auth/introspect` (RFC 7662). Default none. A malformed value stops start-up
 * without echoing the secret.
 */
export function parseIntrospectionClient(
  value: string | undefined,
): { readonly id: string; readonly secret: string } | null {
  if (value === undefined || value.trim() === '') return null;
  const colon = value.indexOf(':');
  const id = value.slice(0, colon).trim();
  const secret = value.slice(colon + 1);
  if (colon < 1 || id === '' || secret.length < 32)
    throw new ExampleSettingsError(
      'INTROSPECTION_CLIENT must be id:secret with a secret of 32+ characters',
    );
  return { id, secret };
}

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

import type { AuthFlow } from '../config-flows.ts';
import { AUTH_FLOWS } from '../config-flows.ts';
import type { DepsFor } from '../deps.ts';
import { InputError } from '../errors.ts';
import { passkeysAvailable } from '../passkeys/index.ts';

/** Which flow to ask about. */
export interface FlowEnabledInput {
  readonly flow: AuthFlow;
}

/**
 * Whether the configuration offers a flow (`flows`; passkeys also need `config.passkeys`). The HTTP layer asks before a route of
 * the flow does anything, so a disabled flow's routes answer 404 without touching a rate
 * limit, storage or the mailer. Throws `InputError` for an unknown flow name.
 */
export function isFlowEnabled(deps: DepsFor<'config'>, input: FlowEnabledInput): boolean {
  if (!(AUTH_FLOWS as readonly unknown[]).includes(input.flow))
    throw new InputError([{ field: 'flow', problem: 'not_allowed' }]);
  // Passkeys without a relying party (`config.passkeys`) cannot run: not offered.
  if (input.flow === 'passkeys') return passkeysAvailable(deps.config);
  return deps.config.flows[input.flow];
}

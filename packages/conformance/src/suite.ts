import { apiKeyCases } from './cases/api-keys.ts';
import { capabilityCases } from './cases/capabilities.ts';
import { crossRuntimeCases } from './cases/cross-runtime.ts';
import { flowCases } from './cases/flow.ts';
import { hardeningCases } from './cases/hardening.ts';
import { introspectionCases } from './cases/introspection.ts';
import { keyCases } from './cases/keys.ts';
import { lifecycleCases } from './cases/lifecycle.ts';
import { mfaCases } from './cases/mfa.ts';
import { oauthCases } from './cases/oauth.ts';
import { organizationCases } from './cases/organizations.ts';
import { passkeyCases } from './cases/passkeys.ts';
import { passwordCases } from './cases/password.ts';
import { passwordlessCases } from './cases/passwordless.ts';
import { rateLimitCases } from './cases/rate-limit.ts';
import { tokenCases } from './cases/tokens.ts';
import type { Case } from './registry.ts';
import type { ConformanceTarget } from './target.ts';

/**
 * Every conformance case for `target`. A feature that lands adds its cases here in the
 * same change (docs/architecture.md), so every runtime proves it.
 */
export function conformanceSuite(target: ConformanceTarget): Case[] {
  return [
    ...passwordCases(target),
    ...crossRuntimeCases(target),
    ...flowCases(target),
    ...tokenCases(target),
    ...keyCases(target),
    ...rateLimitCases(target),
    ...hardeningCases(target),
    ...passwordlessCases(target),
    ...mfaCases(target),
    ...passkeyCases(target),
    ...oauthCases(target),
    ...apiKeyCases(target),
    ...organizationCases(target),
    ...capabilityCases(target),
    ...introspectionCases(target),
    ...lifecycleCases(target),
  ];
}

/** The OAuth rows of `routeRateLimits` (rate-limit-policy.ts spreads them in). */
import type { RouteLimit } from './rate-limit-policy.ts';

/**
 * The OAuth routes' rate-limit entries; `signedInOnly` is the shared reason of routes only
 * a signed-in caller reaches.
 */
export function oauthRouteLimits(signedInOnly: string): Readonly<Record<string, RouteLimit>> {
  return {
    'GET /oauth/providers': { refuse: [], none: 'a constant list from the configuration' },
    'POST /oauth/:provider/start': { refuse: ['oauth_start'] },
    'POST /oauth/:provider/callback': { refuse: ['oauth_callback'] },
    'POST /oauth/:provider/link/start': { refuse: ['oauth_start'] },
    'POST /oauth/:provider/link/callback': { refuse: ['oauth_callback'] },
    'GET /oauth/accounts': { refuse: [], none: signedInOnly },
    'DELETE /oauth/accounts/:id': { refuse: [], none: signedInOnly },
  };
}

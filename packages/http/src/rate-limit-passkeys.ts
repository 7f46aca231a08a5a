/** The passkey rows of `routeRateLimits` (rate-limit-policy.ts spreads them in). */
import type { RouteLimit } from './rate-limit-policy.ts';

/**
 * The passkey routes' rate-limit entries; `signedInOnly` is the shared reason of routes
 * only a signed-in caller reaches. The options anyone may ask for are limited per address
 * (each stores a challenge), and so is passkey sign-in.
 */
export function passkeyRateLimits(signedInOnly: string): Readonly<Record<string, RouteLimit>> {
  return {
    'POST /passkeys/registration/options': { refuse: ['passkey_write'] },
    'POST /passkeys/registration': { refuse: ['passkey_write'] },
    'POST /sign-in/passkey/options': { refuse: ['passkey_options'] },
    'POST /sign-in/passkey': { refuse: ['passkey_sign_in'] },
    'POST /sign-in/mfa/passkey/options': { refuse: ['passkey_options'] },
    'POST /mfa/step-up/passkey/options': { refuse: ['mfa_manage'] },
    'GET /passkeys': { refuse: [], none: signedInOnly },
    'PATCH /passkeys/:id': { refuse: ['passkey_write'] },
    'DELETE /passkeys/:id': {
      refuse: [],
      none: 'removing a lost device must never be refused; the last way to sign in is kept by core',
    },
  };
}

/** The rate-limit entries of the account-lifecycle and admin routes (see rate-limit-policy.ts). */
import type { RouteLimit } from './rate-limit-policy.ts';

const OPERATORS_ONLY =
  'operators only (adminPolicy decides who); it hashes no password and guesses nothing';

export const accountRateLimits: Readonly<Record<string, RouteLimit>> = {
  'GET /account/export': { refuse: ['account_export'] },
  'POST /account/delete': { refuse: ['account_deletion'] },
  'POST /account/delete/confirm': {
    refuse: [],
    none: 'the token is HMAC-checked before any read, so there is nothing to guess; a valid one is single-use',
  },
};

export const adminRateLimits: Readonly<Record<string, RouteLimit>> = Object.fromEntries(
  [
    'POST /admin/users/search',
    'GET /admin/users/:id',
    'DELETE /admin/users/:id',
    'POST /admin/users/:id/ban',
    'POST /admin/users/:id/unban',
    'POST /admin/users/:id/soft-delete',
    'POST /admin/users/:id/revoke-sessions',
    'POST /admin/users/:id/resend-verification',
  ].map((route) => [route, { refuse: [], none: OPERATORS_ONLY }]),
);

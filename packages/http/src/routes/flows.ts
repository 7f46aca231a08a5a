/** What the server offers, for clients that hide the forms of switched-off flows. */
import { AUTH_FLOWS } from '@portcullis/core';
import { jsonResponse } from '../responses.ts';
import type { PublicRoute } from './route.ts';

const listFlows: PublicRoute = {
  method: 'GET',
  path: '/flows',
  authenticated: false,
  async run({ auth }) {
    const flows = Object.fromEntries(
      AUTH_FLOWS.map((flow) => [flow, auth.isFlowEnabled({ flow })]),
    );
    return jsonResponse(200, { flows });
  },
};

export const flowRoutes = [listFlows] as const;

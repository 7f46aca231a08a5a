// docs/hono.md:205
import { HonoAuthOptions, requireAuth, auth, app } from './context.ts';
import { getConnInfo } from 'hono/bun'; // or 'hono/deno'
export async function snippet() {

const options: HonoAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  remoteAddress: (c) => getConnInfo(c).remote.address,
};
}

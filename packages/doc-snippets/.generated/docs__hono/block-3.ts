// docs/hono.md:141
import { HonoAuthOptions, requireAuth, auth, app } from './context.ts';

export async function snippet() {
const options: HonoAuthOptions = {
  allowedOrigins: ['https://app.example.com'],
  trustedProxies: ['10.0.0.0/8', '::1'],
};
}

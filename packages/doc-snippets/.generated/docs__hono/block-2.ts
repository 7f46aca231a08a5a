// docs/hono.md:69
import { HonoAuthOptions, requireAuth, auth, app, options } from './context.ts';

export async function snippet() {
app.get('/api/profile', requireAuth(auth, options), async (c) => {
  const { userId, via } = c.get('portcullis');
  return c.json({ user: await auth.getUser({ userId }), via });
});

app.post('/api/invoices', requireAuth(auth, options, { scopes: ['billing:write'] }), (c) =>
  c.json({ createdBy: c.get('portcullis').userId }, 201),
);
}

// docs/express.md:68
import { requireAuth, auth, app, options } from './context.ts';

export async function snippet() {
app.get('/api/profile', requireAuth(auth, options), async (_req, res) => {
  const { userId, via } = res.locals.portcullis;
  res.json({ user: await auth.getUser({ userId }), via });
});

app.post(
  '/api/invoices',
  requireAuth(auth, options, { scopes: ['billing:write'] }),
  (_req, res) => {
    res.status(201).json({ createdBy: res.locals.portcullis.userId });
  },
);
}

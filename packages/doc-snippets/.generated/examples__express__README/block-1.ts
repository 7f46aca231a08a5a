// examples/express/README.md:17
import { portcullisRouter, requireAuth, express, auth, httpOptions } from './context.ts';

export async function snippet() {
const app = express();
app.use('/auth', portcullisRouter(auth, httpOptions)); // parses its own size-capped JSON
app.get('/api/profile', requireAuth(auth, httpOptions), (_req, res) => {
  res.json({ userId: res.locals.portcullis.userId });
});
}

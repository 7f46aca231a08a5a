// packages/http/README.md:22
import { auth } from './context.ts';
import { createAuthHandler, isAuthPath, noStore, readJsonBody } from '@portcullis/http';
export async function snippet() {

const handle = createAuthHandler(auth, { allowedOrigins: ['https://app.example.com'] });

async function onRequest(request: Request, peer: string | undefined): Promise<Response | null> {
  const path = new URL(request.url).pathname.replace(/^\/auth/, '');
  if (!isAuthPath(path)) return null; // leave the body to the app's own routes
  const parsed = await readJsonBody({
    contentType: request.headers.get('content-type'),
    contentLength: request.headers.get('content-length'),
    stream: request.body,
  });
  const out = parsed.ok
    ? await handle({
        method: request.method,
        path,
        headers: request.headers,
        body: parsed.body,
        remoteAddress: peer,
      })
    : noStore(parsed.response);
  if (!out) return null;
  const headers = new Headers(out.headers);
  for (const cookie of out.setCookies) headers.append('set-cookie', cookie);
  return new Response(out.body === undefined ? null : JSON.stringify(out.body), {
    status: out.status,
    headers,
  });
}
}

/**
 * A fake k-anonymity range API on 127.0.0.1: answers `GET /range/<prefix>` from a corpus of
 * passwords, the way the Pwned Passwords API does (upper-case hex suffixes, counts, padding
 * lines with a count of 0), and records every request it receives.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export const sha1Hex = (text: string) =>
  createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

export async function startRangeApi(corpus: ReadonlyMap<string, number>) {
  const requests: RangeRequest[] = [];
  let mode: 'answer' | 'fail' | 'hang' = 'answer';
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    if (mode === 'hang') return;
    if (mode === 'fail') {
      res.writeHead(503).end();
      return;
    }
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(req.url ?? '')?.[1];
    if (!prefix) {
      res.writeHead(400).end();
      return;
    }
    const lines = [...corpus]
      .map(([password, count]) => [sha1Hex(password), count] as const)
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => `${hash.slice(5)}:${count}`);
    // Padding: made-up suffixes with a count of 0, as `Add-Padding: true` asks for.
    for (let i = 0; i < 5; i++) lines.push(`${sha1Hex(`padding ${i}`).slice(5)}:0`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/range/`,
    requests,
    setMode(next: typeof mode) {
      mode = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

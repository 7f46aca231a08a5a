/**
 * The workerd runner: a Worker whose fetch handler runs the suite, so every case runs under a
 * request's rules (no WebAssembly compilation, no Node built-ins: no nodejs_compat flag).
 *   POST /mint   answers the JSON of a hash minted here
 *   POST /run    body: JSON array of hashes minted elsewhere; answers the JSON report
 *   POST /hash?count=N   hashes N passwords with the portable engine (timed from outside)
 */

import { hashRepeatedly } from '../src/bench.ts';
import { conformanceSuite, type MintedHash, mintHash, runCases } from '../src/index.ts';
import { loadedTarget } from './target.ts';

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname, searchParams } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/mint') {
      return Response.json(await mintHash(loadedTarget('workerd', 'portable')));
    }
    if (request.method === 'POST' && pathname === '/run') {
      const minted = (await request.json()) as MintedHash[];
      const target = loadedTarget('workerd', 'portable', minted);
      return Response.json(await runCases('workerd', conformanceSuite(target)));
    }
    if (request.method === 'POST' && pathname === '/hash') {
      const count = Number(searchParams.get('count'));
      await hashRepeatedly(loadedTarget('workerd', 'portable'), 'portable', count);
      return new Response(null, { status: 204 });
    }
    return new Response('not found', { status: 404 });
  },
};

/**
 * The workerd runner: a Worker whose fetch handler runs the suite, so every case runs under a
 * request's rules (no WebAssembly compilation) with Node.js compatibility switched off.
 *   POST /mint   answers the JSON of a hash minted here
 *   POST /run    body: JSON array of hashes minted elsewhere; answers the JSON report
 *   POST /hash?count=N   hashes N passwords with the portable engine (timed from outside)
 */

import { hashRepeatedly } from '../src/bench.ts';
import { conformanceSuite, type MintedHash, mintHash, runCases } from '../src/index.ts';
import { collect, equal } from '../src/registry.ts';
import { loadedTarget } from './target.ts';

/** Proof that the suite ran where it claims: a workerd request, with no Node compatibility. */
const environmentCases = collect('workerd', (test) => {
  test('runs inside workerd without nodejs_compat (no Node globals)', () => {
    equal(navigator.userAgent, 'Cloudflare-Workers', 'navigator.userAgent');
    const globals = globalThis as { process?: unknown; Buffer?: unknown };
    equal(typeof globals.process, 'undefined', 'process');
    equal(typeof globals.Buffer, 'undefined', 'Buffer');
  });
});

export default {
  async fetch(request: Request): Promise<Response> {
    const { pathname, searchParams } = new URL(request.url);
    if (request.method === 'POST' && pathname === '/mint') {
      return Response.json(await mintHash(loadedTarget('workerd', 'portable')));
    }
    if (request.method === 'POST' && pathname === '/run') {
      const minted = (await request.json()) as MintedHash[];
      const target = loadedTarget('workerd', 'portable', minted);
      const cases = [...environmentCases, ...conformanceSuite(target)];
      return Response.json(await runCases('workerd', cases));
    }
    if (request.method === 'POST' && pathname === '/hash') {
      const count = Number(searchParams.get('count'));
      await hashRepeatedly(loadedTarget('workerd', 'portable'), 'portable', count);
      return new Response(null, { status: 204 });
    }
    return new Response('not found', { status: 404 });
  },
};

/**
 * `pnpm bench:http` (on demand; not in CI): the Hono example (strict and stateless bearer
 * mode) and a Better Auth server, each in its own process on its own fresh PostgreSQL
 * database, driven by the same autocannon scripts. Scenarios and servers alternate round by
 * round; the table shows medians of the rounds and Portcullis ÷ Better Auth.
 */
import { cpus, loadavg } from 'node:os';
import { betterAuthAccount, EMAIL, PASSWORD, portcullisAccount } from './accounts.ts';
import { createDatabases } from './databases.ts';
import { drive, type LoadResult, type LoadScript } from './load.ts';
import { startBetterAuth, startPortcullis } from './servers.ts';

const rounds = Number(process.env.ROUNDS ?? 3);
const connections = 10;
const json = { 'content-type': 'application/json' };
const signInBody = JSON.stringify({ email: EMAIL, password: PASSWORD });

const databases = await createDatabases(['portcullis', 'better_auth']);
const [portcullisDb = '', betterAuthDb = ''] = databases.urls;
const servers = await Promise.all([
  startPortcullis(4101, portcullisDb, 'strict'),
  startPortcullis(4102, portcullisDb, 'stateless'),
  startBetterAuth(4103, betterAuthDb),
]);
try {
  const [strict, stateless, better] = servers;
  if (!strict || !stateless || !better) throw new Error('a server did not start');
  const ours = await portcullisAccount(strict.url);
  const theirs = await betterAuthAccount(better.url);
  const get = (url: string, headers: Record<string, string>): LoadScript => ({
    url,
    method: 'GET',
    headers,
  });
  const signIn = (url: string): LoadScript => ({
    url,
    method: 'POST',
    headers: { ...json, origin: new URL(url).origin },
    body: signInBody,
  });
  const theirSession = `${better.url}/api/auth/get-session`;
  const scenario = (name: string, seconds: number, ourSide: LoadScript, theirSide: LoadScript) => ({
    name,
    seconds,
    sides: [
      ['portcullis', ourSide],
      ['better-auth', theirSide],
    ] as [string, LoadScript][],
  });
  const scenarios = [
    scenario(
      'sign-in (argon2id m=19456 t=2 p=1 vs scrypt)',
      10,
      signIn(`${strict.url}/auth/sign-in`),
      signIn(`${better.url}/api/auth/sign-in/email`),
    ),
    scenario(
      'bearer GET, strict',
      5,
      get(`${strict.url}/api/whoami`, { authorization: `Bearer ${ours.bearer}` }),
      get(theirSession, { authorization: `Bearer ${theirs.bearer}` }),
    ),
    scenario(
      'bearer GET, stateless',
      5,
      get(`${stateless.url}/api/whoami`, { authorization: `Bearer ${ours.bearer}` }),
      get(theirSession, { authorization: `Bearer ${theirs.bearer}` }),
    ),
    scenario(
      'cookie GET',
      5,
      get(`${strict.url}/api/whoami`, { cookie: ours.cookie }),
      get(theirSession, { cookie: theirs.cookie }),
    ),
  ];
  const results = new Map<string, LoadResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (const scenario of scenarios) {
      const order = round % 2 === 0 ? scenario.sides : [...scenario.sides].reverse();
      for (const [side, script] of order) {
        const key = `${scenario.name}|${side}`;
        const result = await drive(script, connections, scenario.seconds);
        if (result.failures > 0) throw new Error(`${key}: ${result.failures} failed requests`);
        results.set(key, [...(results.get(key) ?? []), result]);
      }
    }
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  console.log(
    `pnpm bench:http · ${cpus()[0]?.model}, ${cpus().length} cores · ${connections} connections · medians of ${rounds} interleaved rounds · load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')}`,
  );
  console.log('| scenario | Portcullis req/s (p50) | Better Auth req/s (p50) | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const scenario of scenarios) {
    const ourRuns = results.get(`${scenario.name}|portcullis`) ?? [];
    const theirRuns = results.get(`${scenario.name}|better-auth`) ?? [];
    const ourRate = median(ourRuns.map((r) => r.requestsPerSecond));
    const theirRate = median(theirRuns.map((r) => r.requestsPerSecond));
    const ourP50 = median(ourRuns.map((r) => r.p50Ms));
    const theirP50 = median(theirRuns.map((r) => r.p50Ms));
    console.log(
      `| ${scenario.name} | ${ourRate.toFixed(0)}/s (${ourP50} ms) | ${theirRate.toFixed(0)}/s (${theirP50} ms) | ${(ourRate / theirRate).toFixed(2)}× |`,
    );
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  await databases.drop();
}

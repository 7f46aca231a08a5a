// packages/adapter-tests/README.md:86

import { describeRateLimitStoreContract } from '@portcullis/adapter-tests';
import { Redis } from 'ioredis';
import { createMyRateLimitStore } from './my-store.ts';
export async function snippet() {

describeRateLimitStoreContract('my-store', async () => {
  const clients = [new Redis(), new Redis(), new Redis()];
  const [store, ...peers] = clients.map((client) => createMyRateLimitStore(client));
  if (!store) throw new Error('no store');
  return { store, peers, close: () => Promise.all(clients.map((c) => c.quit())).then(() => {}) };
});
}

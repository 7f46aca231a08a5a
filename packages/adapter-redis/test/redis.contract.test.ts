import { describeRateLimitStoreContract } from '@portcullis/adapter-tests';
import { createRedisRateLimitStore } from '../src/index.ts';
import { connect, deleteUnder, keysUnder, runPrefix } from './redis.ts';

/**
 * The shared contract against a real server. The store and its three peers each own a
 * connection, so the contract's races arrive at Redis from four clients at once, as they
 * would from four app instances.
 */
describeRateLimitStoreContract('redis', async () => {
  const prefix = runPrefix();
  const connections = await Promise.all(Array.from({ length: 4 }, () => connect()));
  const [store, ...peers] = connections.map((client) =>
    createRedisRateLimitStore(client, { prefix }),
  );
  if (store === undefined) throw new Error('no connection was opened');
  return {
    store,
    peers,
    async close() {
      const [admin] = connections;
      if (admin !== undefined) {
        await deleteUnder(admin, prefix);
        if ((await keysUnder(admin, prefix)).length !== 0)
          throw new Error('contract keys were left behind');
      }
      await Promise.all(connections.map((client) => client.quit()));
    },
  };
});

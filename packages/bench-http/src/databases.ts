import pg from 'pg';

/**
 * Fresh databases on the server at DATABASE_URL (default the local one), one per name, so
 * neither side reads the other's tables and every run starts empty. `drop` removes them.
 */
export async function createDatabases(names: readonly string[]) {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const suffix = crypto.randomUUID().replace(/-/g, '').slice(0, 8);
  const created = names.map((name) => `bench_http_${name}_${suffix}`);
  for (const database of created) await admin.query(`CREATE DATABASE "${database}"`);
  const urls = created.map((database) => {
    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    return url.toString();
  });
  return {
    urls,
    async drop() {
      for (const database of created)
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

import pg from 'pg';

/** The PostgreSQL server the benchmarks create their databases on. */
export const benchServerUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** `url` pointing at another database of the same server. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** One statement on the server's maintenance database (CREATE/DROP DATABASE); `serverUrl` defaults to benchServerUrl. */
export async function adminStatement(statement: string, serverUrl = benchServerUrl): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

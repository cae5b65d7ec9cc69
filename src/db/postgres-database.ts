import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import type { Database, Tx } from './database.js';
import { quoteIdent } from './database.js';
import type { DB } from './schema.js';
import { OID, parseDate, parseInt8, parseNumeric } from './type-parsers.js';

const typeParsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: parseNumeric,
  [OID.DATE]: parseDate,
};

const types = {
  getTypeParser: (oid: number, format?: string) =>
    typeParsers[oid] ?? (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format),
} as unknown as pg.CustomTypesConfig;

export function openPostgresDatabase(url: string, options: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    transaction: async <T>(work: (tx: Tx) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        try {
          const result = await work(postgresTx(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
          throw error;
        }
      } finally {
        client.release(broken);
      }
    },
    close: async () => {
      await db.destroy();
    },
  };
}

function postgresTx(client: pg.PoolClient): Tx {
  // One statement at a time on the client: callers may start the next query (e.g. prefetch a page) before
  // the previous one finished, and pg deprecates queueing on a busy client. Each waits for the one before.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  const query = ((...args: Parameters<pg.PoolClient['query']>) =>
    serial(() => (client.query as (...a: unknown[]) => Promise<unknown>)(...args))) as pg.PoolClient['query'];
  // Kysely's Postgres driver takes a pool; this one always hands out the transaction's client.
  const singleClientPool = {
    connect: () => Promise.resolve({ query, release: () => {} }),
    end: () => Promise.resolve(),
    options: {},
  };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: singleClientPool }) });
  return {
    kind: 'postgres',
    db,
    exec: (sqlText) =>
      serial(async () => {
        await client.query(sqlText);
      }),
    copyFrom: (table, columns, lines) =>
      serial(async () => {
        const stream = client.query(
          copyFromStream(`COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`),
        );
        await pipeline(Readable.from(lines, { objectMode: false }), stream);
        return Number(stream.rowCount ?? 0);
      }),
    copyTo: (sqlText) =>
      serial(async () => {
        const stream = client.query(copyToStream(`COPY (${sqlText}) TO STDOUT`));
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      }),
  };
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import type { CopyQuery, Database, SnapshotReader, Tx } from './database.js';
import { copyToStatement } from './copy-query.js';
import { coalesceCopyChunks, quoteIdent } from './database.js';
import type { DB } from './schema.js';
import { OID, parseDate, parseInt8, parseNumeric } from './type-parsers.js';

const typeParsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: parseNumeric,
  [OID.DATE]: parseDate,
};

/** pg's own parser of a type (its declaration returns `any`). */
const pgParser: (oid: number, format: 'text' | 'binary') => (value: string) => unknown =
  pg.types.getTypeParser;

/** Our parsers for int8, numeric and date; pg's own for every other type. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  return typeParsers[oid] ?? pgParser(oid, format ?? 'text');
}

const types: pg.CustomTypesConfig = { getTypeParser };

/**
 * `snapshotReaders: false` (ENTAS_SNAPSHOT_READERS=off): Tx.snapshotReaders opens none, so every read of a
 * transaction runs on its own pooled connection, as behind a transaction-pooling PgBouncer it must.
 */
export function openPostgresDatabase(
  url: string,
  options: { max?: number; snapshotReaders?: boolean } = {},
): Database {
  const readers = options.snapshotReaders ?? true;
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  // One connection for the serial audit writer; pg opens it on first use.
  const writerPool = new pg.Pool({ connectionString: url, max: 1, types });
  writerPool.on('error', () => {});
  const writerDb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: writerPool }) });
  return {
    kind: 'postgres',
    db,
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    transaction: (work) => runTransaction(pool, readers ? url : null, work),
    writerTransaction: (work) => runTransaction(writerPool, readers ? url : null, work),
    writerDb,
    close: async () => {
      await db.destroy();
      await writerDb.destroy();
    },
  };
}

async function runTransaction<T>(
  pool: pg.Pool,
  url: string | null,
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    try {
      const result = await work(postgresTx(client, url));
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
}

/**
 * One statement at a time on a client: callers may start the next query (e.g. prefetch a page) before the
 * previous one finished, and pg deprecates queueing on a busy client. Each waits for the one before.
 */
function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** COPY (query) TO STDOUT on a client, the whole output as text. */
async function copyOut(client: pg.ClientBase, query: CopyQuery): Promise<string> {
  const stream = client.query(copyToStream(copyToStatement(query, 'STDOUT')));
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Opens a connection in a read-only REPEATABLE READ transaction on an exported snapshot. */
async function openSnapshotReader(url: string, snapshot: string): Promise<SnapshotReader> {
  const client = new pg.Client({ connectionString: url, types });
  client.on('error', () => {});
  await client.connect();
  try {
    // SET TRANSACTION SNAPSHOT takes no parameter; the id is the server's own (hex digits and dashes).
    if (!/^[0-9A-Fa-f-]+$/.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
    await client.query(
      `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot}'`,
    );
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  const serial = serialQueue();
  return {
    exec: (sqlText) =>
      serial(async () => {
        await client.query(sqlText);
      }),
    copyTo: (query) => serial(() => copyOut(client, query)),
    close: () => serial(() => client.end().catch(() => {})),
  };
}

/** `url`: where snapshot readers connect; null when they are off. */
function postgresTx(client: pg.PoolClient, url: string | null): Tx {
  const serial = serialQueue();
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
        await pipeline(Readable.from(coalesceCopyChunks(lines), { objectMode: false }), stream);
        return Number(stream.rowCount ?? 0);
      }),
    copyTo: (query) => serial(() => copyOut(client, query)),
    snapshotReaders: async (count) => {
      if (count <= 0 || url === null) return [];
      const exported = await query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
      const snapshot = exported.rows[0]!.snapshot;
      const settled = await Promise.allSettled(
        Array.from({ length: count }, () => openSnapshotReader(url, snapshot)),
      );
      const readers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        await Promise.all(readers.map((r) => r.close()));
        throw failed.reason;
      }
      return readers;
    },
  };
}

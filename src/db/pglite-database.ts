import fs from 'node:fs';
import path from 'node:path';
import { PGlite, type Extensions, type Transaction } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from './pglite-dialect.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import type { Database, Tx } from './database.js';
import { coalesceCopyChunks, quoteIdent } from './database.js';
import { copyToStatement } from './copy-query.js';
import type { DB } from './schema.js';
import { OID, parseDate, parseInt8, parseNumeric } from './type-parsers.js';

/** COPY into PGlite goes through an in-memory blob; flush it at this size to bound memory. */
const COPY_FLUSH_BYTES = 8 * 1024 * 1024;

/**
 * Opens the PGlite database in dataDir, holding the folder's lock (`<dataDir>.lock`) until close: a second
 * process refuses to open it instead of corrupting it. `uncleanShutdown` names the dead holder of a lock left
 * behind (the previous process was killed), so callers can check the indexes; the amcheck extension is then
 * loaded (or on request, for `entas db check`).
 */
export async function openPgliteDatabase(
  dataDir: string,
  options: { amcheck?: boolean } = {},
): Promise<Database> {
  fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const lock = acquireDataDirLock(`${path.resolve(dataDir)}.lock`, path.resolve(dataDir));
  let pglite: PGlite;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const extensions: Extensions =
      options.amcheck || lock.staleHolder
        ? { amcheck: (await import('@electric-sql/pglite/contrib/amcheck')).amcheck }
        : {};
    pglite = await PGlite.create(dataDir, {
      extensions,
      parsers: { [OID.INT8]: parseInt8, [OID.NUMERIC]: parseNumeric, [OID.DATE]: parseDate },
    });
  } catch (error) {
    lock.release();
    throw error;
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    kind: 'pglite',
    ...(lock.staleHolder ? { uncleanShutdown: lock.staleHolder } : {}),
    db,
    exec: async (sqlText) => {
      await pglite.exec(sqlText);
    },
    transaction: <T>(work: (tx: Tx) => Promise<T>) =>
      pglite.transaction(async (transaction) => work(pgliteTx(transaction))),
    close: async () => {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}

function pgliteTx(transaction: Transaction): Tx {
  // Kysely bound to this transaction: its driver only needs query() and the ready flags.
  const bound = {
    query: transaction.query.bind(transaction),
    closed: false,
    ready: true,
    waitReady: Promise.resolve(),
    close: async () => {},
    transaction: () => Promise.reject(new Error('nested transactions are not supported')),
  };
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite: bound }) });
  return {
    kind: 'pglite',
    db,
    exec: async (sqlText) => {
      await transaction.exec(sqlText);
    },
    copyFrom: async (table, columns, lines) => {
      const statement = `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`;
      let parts: string[] = [];
      let size = 0;
      let rows = 0;
      const flush = async () => {
        if (size === 0) return;
        const result = await transaction.query(statement, [], { blob: new Blob(parts) });
        rows += result.affectedRows ?? 0;
        parts = [];
        size = 0;
      };
      for await (const chunk of coalesceCopyChunks(lines)) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= COPY_FLUSH_BYTES) await flush();
      }
      await flush();
      return rows;
    },
    copyTo: async (query) => {
      const result = await transaction.query(copyToStatement(query, `'/dev/blob'`));
      return result.blob ? await result.blob.text() : '';
    },
    snapshotReaders: () => Promise.resolve([]),
  };
}

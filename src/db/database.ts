import type { LockHolder } from './data-dir-lock.js';
import type { CompiledQuery, Kysely } from 'kysely';
import type { DB } from './schema.js';

/** What COPY (query) TO reads: SQL text without values, or a compiled query whose parameters are inlined. */
export type CopyQuery = string | CompiledQuery | { compile(): CompiledQuery };

/** Which engine is behind a Database: embedded PGlite (default) or a PostgreSQL server. One SQL dialect either way. */
export type DatabaseKind = 'pglite' | 'postgres';

/** Work inside one transaction. Everything done through it commits or rolls back together. */
export interface Tx {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  /** Runs SQL text without parameters (may hold several statements): for DDL and set-based statements. */
  exec(sqlText: string): Promise<void>;
  /**
   * Bulk-loads rows with COPY (text format). `lines` yields rows already encoded with `encodeCopyRow`
   * (each ending in a newline), in any chunking: small chunks are joined into large messages
   * (`coalesceCopyChunks`), so yielding row by row costs no more than one large text. Returns the number of rows
   * loaded.
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    lines: AsyncIterable<string> | Iterable<string>,
  ): Promise<number>;
  /**
   * Runs `COPY (query) TO STDOUT` (text format) and returns the whole output as text: the compact way to
   * read many rows at once. `query` is a compiled Kysely query or `sql` template (`sql\`…\`.compile(tx.db)`):
   * COPY cannot take bind parameters, so they are inlined as literals in one place (`inlineParameters`). Plain
   * text is for queries without any value in them.
   */
  copyTo(query: CopyQuery): Promise<string>;
  /**
   * Up to `count` extra read-only connections that see exactly this transaction's snapshot (PostgreSQL's
   * exported snapshots), so large reads can run in parallel beside it; none on PGlite, which has one
   * connection. The caller closes them before the transaction ends.
   */
  snapshotReaders(count: number): Promise<SnapshotReader[]>;
}

/** A read-only connection sharing a transaction's snapshot (see Tx.snapshotReaders). */
export interface SnapshotReader {
  exec(sqlText: string): Promise<void>;
  /** As Tx.copyTo; calls are run one after another. */
  copyTo(query: CopyQuery): Promise<string>;
  close(): Promise<void>;
}

export interface Database {
  readonly kind: DatabaseKind;
  /** Auto-commit access for reads and single statements. */
  readonly db: Kysely<DB>;
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A transaction on a connection kept for one serial writer (the audit group commit, audit/audit-writer.ts), so
   * it never waits in the pool's queue behind the readers it is recording. Absent where there is one connection
   * anyway (PGlite): use `transaction`.
   */
  writerTransaction?<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Auto-commit statements on that same writer connection (absent with writerTransaction: use `db`). */
  readonly writerDb?: Kysely<DB>;
  exec(sqlText: string): Promise<void>;
  close(): Promise<void>;
  /** Embedded database only: the process that held it and died without closing it (see data-dir-lock.ts). */
  readonly uncleanShutdown?: LockHolder;
}

/** Size of the messages COPY … FROM STDIN sends: rows are joined up to this many characters. */
export const COPY_CHUNK_CHARS = 256 * 1024;

/**
 * Joins COPY text into chunks of at least `size` characters (the last may be shorter), in order. Callers may yield
 * one row at a time; sent as they come, each row would be one CopyData message and one socket write (measured on
 * bench:ledger's reference: about 4× slower than large chunks).
 */
export async function* coalesceCopyChunks(
  lines: AsyncIterable<string> | Iterable<string>,
  size: number = COPY_CHUNK_CHARS,
): AsyncGenerator<string> {
  let parts: string[] = [];
  let length = 0;
  for await (const line of lines) {
    if (line.length === 0) continue;
    if (line.length >= size && length === 0) {
      yield line;
      continue;
    }
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield parts.join('');
}

/** Encodes one row for COPY … FROM STDIN in PostgreSQL's text format. null/undefined become \N. */
export function encodeCopyRow(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += '\t';
    line += encodeCopyValue(values[i]);
  }
  return line + '\n';
}

function encodeCopyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Escape backslash first, then the characters COPY's text format treats specially.
  return needsCopyEscape(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** Whether text holds a backslash, tab, newline or carriage return (a loop: cheaper than a regex on short text). */
function needsCopyEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) return true;
  }
  return false;
}

/** Quotes an identifier for the few places (COPY) where SQL is assembled by hand. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier: ${name}`);
  return `"${name}"`;
}

import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import { copyToStatement } from './copy-query.js';
import type { SnapshotReader, Tx } from './database.js';
import type { DB } from './schema.js';

/**
 * A database that runs nothing: every statement a repository sends through it (Kysely queries, `sql` templates,
 * Tx.exec/copyFrom/copyTo) is recorded as text and answered with no rows. The committed-SQL generator
 * (src/sql-review) calls repository functions on it with sample parameters, so each query can be
 * reviewed as plain SQL without a database.
 */
export interface SqlRecorder {
  readonly db: Kysely<DB>;
  readonly tx: Tx;
  /** Statements recorded since the last `take`, in the order they were sent; clears the list (and the answers). */
  take(): string[];
  /**
   * Rows the next queries answer with, one list per query in order (then no rows again): for functions whose
   * later queries run only when an earlier one found something.
   */
  answer(...rows: object[][]): void;
}

export function createSqlRecorder(): SqlRecorder {
  let recorded: string[] = [];
  let answers: object[][] = [];
  const record = (text: string) => {
    recorded.push(text);
  };
  const connection: DatabaseConnection = {
    executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      record(compiled.sql);
      const rows = (answers.shift() ?? []) as R[];
      return Promise.resolve({ rows, numAffectedRows: BigInt(rows.length) });
    },
    streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
      record(compiled.sql);
      const none: AsyncIterableIterator<QueryResult<R>> = {
        next: () => Promise.resolve({ done: true, value: undefined }),
        [Symbol.asyncIterator]: () => none,
      };
      return none;
    },
  };
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: () => Promise.resolve(),
    commitTransaction: () => Promise.resolve(),
    rollbackTransaction: () => Promise.resolve(),
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
  const db = new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const copyTo = (query: Parameters<Tx['copyTo']>[0]) => {
    record(copyToStatement(query, 'STDOUT', { placeholders: true }));
    return Promise.resolve('');
  };
  const reader: SnapshotReader = {
    exec: (text) => Promise.resolve(record(text)),
    copyTo,
    close: () => Promise.resolve(),
  };
  const tx: Tx = {
    kind: 'postgres',
    db,
    exec: (text) => Promise.resolve(record(text)),
    copyFrom: async (table, columns, lines) => {
      record(`COPY ${table} (${columns.join(', ')}) FROM STDIN`);
      let rows = 0;
      for await (const line of lines) rows += line.length > 0 ? 1 : 0;
      return rows;
    },
    copyTo,
    snapshotReaders: (count) => Promise.resolve(Array.from({ length: count }, () => reader)),
  };
  return {
    db,
    tx,
    take: () => {
      const taken = recorded;
      recorded = [];
      answers = [];
      return taken;
    },
    answer: (...rows) => {
      answers = rows;
    },
  };
}

/**
 * The sample calls of one repository module for the committed-SQL check (src/sql-review): each function
 * or method that sends SQL, called on a recorder with representative parameters. Lives in
 * `<area>/queries/<repository>.queries.ts`; the SQL is committed beside it as `<repository>.sql`.
 */
export interface RepositoryQueries {
  /** The repository module, from the repository root (`src/consent/consent-repository.ts`). */
  readonly repository: string;
  /** The module itself (`import * as`): its exported functions and class methods must all be listed. */
  readonly module: object;
  /**
   * `functionName` or `ClassName.method` (with ` (variant)` appended for a second call down another path) → a
   * call with sample parameters on the recorder.
   */
  readonly queries: Readonly<Record<string, (r: SqlRecorder) => unknown>>;
  /** Exported functions or methods that send no SQL of their own, with the reason. */
  readonly notQueries?: Readonly<Record<string, string>>;
}

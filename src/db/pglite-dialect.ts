import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely';

/** What the dialect needs of PGlite or of one of its transactions. */
export interface PGliteQueryable {
  query<R>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'object' },
  ): Promise<{ rows: R[]; affectedRows?: number }>;
}

/**
 * Kysely over PGlite. Kysely ships a PGlite dialect only from 0.29, which requires Node 22; entas supports Node 20
 * with Kysely 0.28 and this small dialect instead. Queries only: entas runs its transactions through
 * Database.transaction (PGlite's own), binding a Kysely instance to each, never through Kysely's transaction().
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly config: { pglite: PGliteQueryable }) {}

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.config.pglite);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Dialect interface takes Kysely<any>
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  readonly #connection: PGliteConnection;

  constructor(pglite: PGliteQueryable) {
    this.#connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(this.#connection);
  }

  beginTransaction(): Promise<void> {
    return Promise.reject(new Error('Kysely transactions are not used on PGlite: use Database.transaction'));
  }

  commitTransaction(): Promise<void> {
    return this.beginTransaction();
  }

  rollbackTransaction(): Promise<void> {
    return this.beginTransaction();
  }

  async releaseConnection(): Promise<void> {}

  // The Database that opened PGlite closes it (and releases the data folder's lock).
  async destroy(): Promise<void> {}
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGliteQueryable) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affectedRows } = await this.pglite.query<R>(compiled.sql, [...compiled.parameters], {
      rowMode: 'object',
    });
    return affectedRows == null ? { rows } : { rows, numAffectedRows: BigInt(affectedRows) };
  }

  // PGlite returns whole results; there is nothing to stream.
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by PGlite');
  }
}

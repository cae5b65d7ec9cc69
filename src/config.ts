import path from 'node:path';

/** Runtime configuration, read from the environment once at the edge (CLI/server start). */
export interface EntasConfig {
  /** postgres://… when a PostgreSQL server is used; undefined means embedded PGlite. */
  databaseUrl: string | undefined;
  /** Folder holding the embedded database and generated files. */
  dataDir: string;
  port: number;
  /** Address the server binds: loopback unless the deployer opens it to a network (HOST or --host). */
  host: string;
  /**
   * Whether large reads may open extra connections on the transaction's exported snapshot (PostgreSQL only;
   * default yes). ENTAS_SNAPSHOT_READERS=off behind a transaction-pooling PgBouncer (docs/SCALE.md): those
   * connections bypass the pool and hold a server connection each for a whole transaction.
   */
  snapshotReaders: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): EntasConfig {
  const url = env.DATABASE_URL?.trim();
  return {
    databaseUrl: url ? url : undefined,
    dataDir: path.resolve(env.ENTAS_DATA_DIR?.trim() || '.entas'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST?.trim() || '127.0.0.1',
    snapshotReaders: !/^(off|false|0|no)$/i.test(env.ENTAS_SNAPSHOT_READERS?.trim() ?? ''),
  };
}

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
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): EntasConfig {
  const url = env.DATABASE_URL?.trim();
  return {
    databaseUrl: url ? url : undefined,
    dataDir: path.resolve(env.ENTAS_DATA_DIR?.trim() || '.entas'),
    port: Number(env.PORT ?? 3000),
    host: env.HOST?.trim() || '127.0.0.1',
  };
}

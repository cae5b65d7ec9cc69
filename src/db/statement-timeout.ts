import type { Kysely } from 'kysely';
import { say, UserError } from '../shared/errors.js';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** How long one statement of a report may run on a PostgreSQL server before it is cancelled. */
export const REPORT_STATEMENT_TIMEOUT_MS = 60_000;

/** A statement cancelled by statement_timeout; the API answers 503 with code `timeout`. */
export class StatementTimeoutError extends UserError {
  constructor(ms: number) {
    super(
      say(
        `the request took longer than ${ms / 1000} s and was stopped; narrow it (a region, a program) or try again later`,
        `permintaan ini melebihi ${ms / 1000} detik dan dihentikan; persempit (wilayah, program) atau coba lagi nanti`,
      ),
      'timeout',
    );
    this.name = 'StatementTimeoutError';
  }
}

/**
 * Runs read-only work with each statement bounded to `ms` on a PostgreSQL server (SET LOCAL statement_timeout
 * in its own transaction), turning a cancellation into StatementTimeoutError. On PGlite a query runs on the
 * main thread inside WebAssembly: nothing can interrupt it (statement_timeout is accepted but never fires,
 * measured on PGlite 0.5), so there the work runs as is and the queries themselves must stay bounded.
 */
export async function withStatementTimeout<T>(
  database: Database,
  ms: number,
  work: (db: Kysely<DB>) => Promise<T>,
): Promise<T> {
  if (database.kind === 'pglite') return work(database.db);
  try {
    return await database.transaction(async (tx) => {
      await tx.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(ms))}`);
      return work(tx.db);
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === '57014') throw new StatementTimeoutError(ms);
    throw error;
  }
}

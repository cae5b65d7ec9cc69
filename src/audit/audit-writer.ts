import type { Database, Tx } from '../db/database.js';
import { appendAuditBatch, type AuditEntryInput } from './audit-log.js';

const MAX_BATCH = 500;

/**
 * Group commit for audit entries written outside a caller's transaction (reads of personal records). Each
 * caller waits until its entry is committed — a read is never answered unaudited — but entries that arrive
 * while a flush is running share the next transaction, so many concurrent readers cost one lock and one
 * commit instead of one each. On PostgreSQL the flush runs on its own connection (Database.writerTransaction):
 * in the shared pool it waited behind the very reads it records (bench:api measured 60–110 ms a flush).
 */
export class AuditWriter {
  private pending: { entry: AuditEntryInput; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly database: Database) {}

  append(entry: AuditEntryInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_BATCH);
        try {
          const write = (tx: Tx) =>
            appendAuditBatch(
              tx,
              batch.map((b) => b.entry),
            );
          await (this.database.writerTransaction
            ? this.database.writerTransaction(write)
            : this.database.transaction(write));
          for (const b of batch) b.resolve();
        } catch (error) {
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

const writers = new WeakMap<Database, AuditWriter>();

/** The one writer per open database (so batching spans all requests of the process). */
export function auditWriter(database: Database): AuditWriter {
  let writer = writers.get(database);
  if (!writer) {
    writer = new AuditWriter(database);
    writers.set(database, writer);
  }
  return writer;
}

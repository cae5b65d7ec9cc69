import type { Database, Tx } from '../db/database.js';
import {
  appendAuditBatch,
  appendAuditBatchAfter,
  type AuditEntryInput,
  type KnownHead,
} from './audit-log.js';

const MAX_BATCH = 500;

/**
 * Group commit for audit entries written outside a caller's transaction (reads of personal records). Each
 * caller waits until its entry is committed — a read is never answered unaudited — but entries that arrive
 * while a flush is running share the next transaction, so many concurrent readers cost one lock and one
 * commit instead of one each. On PostgreSQL the flush runs on its own connection (Database.writerTransaction):
 * in the shared pool it waited behind the very reads it records (bench:api measured 60–110 ms a flush).
 *
 * The writer remembers the head it appended last. While no other writer appends (the usual case: reads far
 * outnumber changes), the next batch goes in one auto-committed statement (appendAuditBatchAfter) instead of a
 * five-round-trip transaction; on a loaded machine each round trip waits for the scheduler, and bench:api measured
 * 250 ms a flush. When another writer did append, that statement is refused and the batch takes the locked path.
 */
export class AuditWriter {
  private pending: { entry: AuditEntryInput; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private flushing = false;
  /** The chain head after this writer's last append; undefined until the first, and after a failure. */
  private head: KnownHead | undefined;

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
          await this.write(batch.map((b) => b.entry));
          for (const b of batch) b.resolve();
        } catch (error) {
          this.head = undefined;
          for (const b of batch) b.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async write(entries: AuditEntryInput[]): Promise<void> {
    if (this.head) {
      this.head = await appendAuditBatchAfter(this.database.writerDb ?? this.database.db, this.head, entries);
      if (this.head) return;
    }
    const locked = (tx: Tx) => appendAuditBatch(tx, entries);
    this.head = await (this.database.writerTransaction
      ? this.database.writerTransaction(locked)
      : this.database.transaction(locked));
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

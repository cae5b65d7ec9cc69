import type { Database, Tx } from '../db/database.js';
import type { PlannedPart } from './job-repository.js';

/** What a part's work sees: its province, its saved checkpoint and a way to save the next one. */
export interface PartContext {
  jobId: number;
  key: string;
  province: string;
  /** The checkpoint saved by an earlier attempt of this part (null on the first). */
  checkpoint: unknown;
  /**
   * Saves progress and a checkpoint inside `tx`, the transaction that did the work it records, and renews the
   * lease: the work and its checkpoint commit together, or neither does (LeaseLostError when the lease is gone).
   */
  save(tx: Tx, checkpoint: unknown, done: number, total: number): Promise<void>;
  /**
   * Notes progress without a checkpoint; safe inside a transaction (it only records the numbers: the worker's
   * lease renewal stores them).
   */
  progress(done: number, total: number | null): void;
}

/**
 * One kind of batch work. `plan` splits it into parts (per province, then job-wide stages) and may fix what every
 * part must agree on (versions, watermarks) in the parameters; `runPart` does one part, idempotently (rerunning
 * it after a crash, from its checkpoint, gives the same stored state); `combine` builds the job's result from
 * the parts' results once all are done.
 */
export interface JobKind<P = unknown> {
  name: string;
  /** Checks parameters coming from the CLI, the API or the queue; throws a UserError naming the field. */
  parse(raw: unknown): P;
  plan(database: Database, params: P): Promise<{ params: P; parts: PlannedPart[] }>;
  runPart(database: Database, params: P, part: PartContext): Promise<unknown>;
  /** Pure: the job's result from its parts' results, in planned order. */
  combine(params: P, results: Array<{ key: string; result: unknown }>): unknown;
}

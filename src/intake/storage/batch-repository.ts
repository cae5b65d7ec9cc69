import type { Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError, say } from '../../shared/errors.js';
import { rows, sql } from './sql-run.js';

export interface BatchSummary {
  id: number;
  source: string;
  file_name: string | null;
  content_hash: string | null;
  program_code: string | null;
  period: string | null;
  snapshot_date: string | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  created_by: string | null;
  created_at: Date;
  reverted_at: Date | null;
  reverted_by: string | null;
}

export interface BatchDetail extends BatchSummary {
  warnings: unknown[];
  meta: Record<string, unknown>;
  /** Rows that currently carry this batch id, per table. */
  current_rows: Record<string, number>;
  warning_examples: {
    line: number;
    field: string;
    value: string | null;
    code: string;
    message: string;
    message_id: string;
  }[];
}

const SUMMARY_COLUMNS = [
  'id',
  'source',
  'file_name',
  'content_hash',
  'program_code',
  'period',
  'snapshot_date',
  'rows_total',
  'rows_accepted',
  'rows_rejected',
  'created_by',
  'created_at',
  'reverted_at',
  'reverted_by',
] as const;

/** All SQL about source_batches and their warnings. */
export class BatchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async findActiveByHash(source: string, contentHash: string): Promise<BatchSummary | undefined> {
    return this.db
      .selectFrom('source_batches')
      .select(SUMMARY_COLUMNS)
      .where('source', '=', source)
      .where('content_hash', '=', contentHash)
      .where('reverted_at', 'is', null)
      .executeTakeFirst();
  }

  async list(options: { source?: string; limit?: number } = {}): Promise<BatchSummary[]> {
    let query = this.db.selectFrom('source_batches').select(SUMMARY_COLUMNS).orderBy('id', 'desc');
    if (options.source) query = query.where('source', '=', options.source);
    return query.limit(options.limit ?? 100).execute();
  }

  /** One page in id order after `afterId` (the API's cursor pagination). */
  async pageAfter(afterId: number, limit: number): Promise<BatchSummary[]> {
    return this.db
      .selectFrom('source_batches')
      .select(SUMMARY_COLUMNS)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async find(id: number): Promise<BatchSummary | undefined> {
    return this.db
      .selectFrom('source_batches')
      .select(SUMMARY_COLUMNS)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async get(id: number): Promise<BatchDetail> {
    const batch = await this.db
      .selectFrom('source_batches')
      .select([...SUMMARY_COLUMNS, 'warnings', 'meta'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!batch)
      throw new NotFoundError(
        say(
          `batch ${id} not found (see \`entas batches\`)`,
          `batch ${id} tidak ditemukan (lihat \`entas batches\`)`,
        ),
      );
    const counts = await sql<{ t: string; n: number }>`
      SELECT 'households' AS t, count(*)::int AS n FROM households WHERE batch_id = ${id}
      UNION ALL SELECT 'household_snapshots', count(*)::int FROM household_snapshots WHERE batch_id = ${id}
      UNION ALL SELECT 'persons', count(*)::int FROM persons WHERE batch_id = ${id}
      UNION ALL SELECT 'program_enrolments', count(*)::int FROM program_enrolments WHERE batch_id = ${id}
      UNION ALL SELECT 'cooperatives', count(*)::int FROM cooperatives WHERE batch_id = ${id}
      UNION ALL SELECT 'cooperative_members', count(*)::int FROM cooperative_members WHERE batch_id = ${id}
      UNION ALL SELECT 'cooperative_officers', count(*)::int FROM cooperative_officers WHERE batch_id = ${id}`.execute(
      this.db,
    );
    const examples = await this.db
      .selectFrom('intake_warnings')
      .select(['line', 'field', 'value', 'code', 'message', 'message_id'])
      .where('batch_id', '=', id)
      .orderBy('line')
      .limit(20)
      .execute();
    return {
      ...batch,
      current_rows: Object.fromEntries(counts.rows.map((r) => [r.t, r.n])),
      warning_examples: examples,
    };
  }
}

/**
 * The newest snapshot date of any active DTSEN batch that accepted rows (extracts must arrive in date order).
 * A batch that accepted none changed no household, so it never counts as the newest extract.
 */
export async function newestDtsenSnapshot(
  db: Kysely<DB>,
): Promise<{ id: number; snapshot_date: string } | undefined> {
  const row = await db
    .selectFrom('source_batches')
    .select(['id', 'snapshot_date'])
    .where('source', '=', 'dtsen')
    .where('reverted_at', 'is', null)
    .where('snapshot_date', 'is not', null)
    .where('rows_accepted', '>', 0)
    .orderBy('snapshot_date', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { id: row.id, snapshot_date: row.snapshot_date! } : undefined;
}

export async function createBatch(
  tx: Tx,
  values: {
    source: string;
    file_name: string;
    content_hash: string;
    program_code: string | null;
    period: string | null;
    snapshot_date: string | null;
    created_by: string;
    meta: Record<string, unknown>;
  },
): Promise<number> {
  const row = await tx.db
    .insertInto('source_batches')
    .values({ ...values, meta: JSON.stringify(values.meta) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function finishBatch(
  tx: Tx,
  id: number,
  counts: {
    total: number;
    accepted: number;
    rejected: number;
    warnings: unknown[];
    meta: Record<string, unknown>;
  },
): Promise<void> {
  await tx.db
    .updateTable('source_batches')
    .set({
      rows_total: counts.total,
      rows_accepted: counts.accepted,
      rows_rejected: counts.rejected,
      warnings: JSON.stringify(counts.warnings),
      meta: JSON.stringify(counts.meta),
    })
    .where('id', '=', id)
    .execute();
}

export async function lockBatchForRevert(tx: Tx, id: number): Promise<BatchSummary> {
  const found = await rows(
    tx,
    sql<BatchSummary>`SELECT ${sql.join(SUMMARY_COLUMNS.map((c) => sql.ref(c)))} FROM source_batches WHERE id = ${id} FOR UPDATE`,
  );
  if (!found[0])
    throw new NotFoundError(
      say(
        `batch ${id} not found (see \`entas batches\`)`,
        `batch ${id} tidak ditemukan (lihat \`entas batches\`)`,
      ),
    );
  return found[0];
}

export async function markReverted(tx: Tx, id: number, actor: string): Promise<void> {
  await tx.db
    .updateTable('source_batches')
    .set({ reverted_at: new Date(), reverted_by: actor })
    .where('id', '=', id)
    .execute();
}

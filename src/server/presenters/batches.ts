import { Type } from 'typebox';
import type { Page } from '../../access/pagination.js';
import type { BatchSummary } from '../../intake/storage/batch-repository.js';
import { Nullable, pageOf } from '../schemas.js';

export const BatchSchema = Type.Object({
  id: Type.Integer(),
  source: Type.String(),
  file_name: Nullable(Type.String()),
  program_code: Nullable(Type.String()),
  period: Nullable(Type.String()),
  snapshot_date: Nullable(Type.String()),
  rows_total: Type.Integer(),
  rows_accepted: Type.Integer(),
  rows_rejected: Type.Integer(),
  created_by: Nullable(Type.String()),
  created_at: Type.String({ format: 'date-time' }),
  reverted_at: Nullable(Type.String({ format: 'date-time' })),
});
export const BatchPageSchema = pageOf(BatchSchema);

export function presentBatch(b: BatchSummary) {
  return {
    id: b.id,
    source: b.source,
    file_name: b.file_name,
    program_code: b.program_code,
    period: b.period,
    snapshot_date: b.snapshot_date,
    rows_total: b.rows_total,
    rows_accepted: b.rows_accepted,
    rows_rejected: b.rows_rejected,
    created_by: b.created_by,
    created_at: b.created_at.toISOString(),
    reverted_at: b.reverted_at?.toISOString() ?? null,
  };
}

export function presentBatchPage(page: Page<BatchSummary>) {
  return { items: page.items.map(presentBatch), next_cursor: page.nextCursor };
}

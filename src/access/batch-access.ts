import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

export interface BatchRecord {
  id: number;
  source: string;
  file_name: string | null;
  program_code: string | null;
  period: string | null;
  snapshot_date: string | null;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  created_by: string | null;
  created_at: Date;
  reverted_at: Date | null;
}

const columns = [
  'id',
  'source',
  'file_name',
  'program_code',
  'period',
  'snapshot_date',
  'rows_total',
  'rows_accepted',
  'rows_rejected',
  'created_by',
  'created_at',
  'reverted_at',
] as const;

/**
 * Source batches span many regions, so only nationally-scoped users see them; for everyone else they are
 * absent (empty lists, 404).
 */
export class BatchAccess {
  constructor(private readonly ctx: AccessContext) {}

  private get national(): boolean {
    return this.ctx.principal.scope.kind === 'national';
  }

  async list(page: PageRequest): Promise<Page<BatchRecord>> {
    this.ctx.require('batches:read');
    const limit = pageLimit(page.limit);
    if (!this.national) return { items: [], nextCursor: null };
    const rows = await this.ctx.db
      .selectFrom('source_batches')
      .select(columns)
      .where('id', '>', decodeCursor(page.cursor))
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return toPage(rows, limit);
  }

  async get(id: number): Promise<BatchRecord> {
    this.ctx.require('batches:read');
    const row = this.national
      ? await this.ctx.db.selectFrom('source_batches').select(columns).where('id', '=', id).executeTakeFirst()
      : undefined;
    if (!row) throw new NotFoundError(`source batch ${id} not found`);
    return row;
  }
}

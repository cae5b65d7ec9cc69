import { BatchRepository, type BatchSummary } from '../intake/storage/batch-repository.js';
import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';

/**
 * Source batches span many regions, so only nationally-scoped users see them; for everyone else they are
 * absent (empty lists, 404).
 */
export class BatchAccess {
  constructor(private readonly ctx: AccessContext) {}

  private get national(): boolean {
    return this.ctx.principal.scope.kind === 'national';
  }

  async list(page: PageRequest): Promise<Page<BatchSummary>> {
    this.ctx.require('batches:read');
    const limit = pageLimit(page.limit);
    if (!this.national) return { items: [], nextCursor: null };
    return toPage(
      await new BatchRepository(this.ctx.db).pageAfter(decodeCursor(page.cursor), limit + 1),
      limit,
    );
  }

  async get(id: number): Promise<BatchSummary> {
    this.ctx.require('batches:read');
    const row = this.national ? await new BatchRepository(this.ctx.db).find(id) : undefined;
    if (!row) throw new NotFoundError(`source batch ${id} not found`);
    return row;
  }
}

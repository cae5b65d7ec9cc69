import {
  LinkageRepository,
  type ReviewItem,
  type RunListItem,
} from '../linkage/storage/linkage-repository.js';
import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';

/**
 * Linkage runs compare whole source files, whose rows span every region, so runs and their clerical review queue
 * are for nationally-scoped users with linkage:review; for everyone else they are absent.
 */
export class LinkageAccess {
  constructor(private readonly ctx: AccessContext) {}

  private national(): boolean {
    this.ctx.require('linkage:review');
    return this.ctx.principal.scope.kind === 'national';
  }

  async runs(): Promise<RunListItem[]> {
    if (!this.national()) return [];
    return new LinkageRepository(this.ctx.db).runs(200);
  }

  private async requireRun(runId: number): Promise<void> {
    const run = this.national()
      ? await this.ctx.db.selectFrom('linkage_runs').select('id').where('id', '=', runId).executeTakeFirst()
      : undefined;
    if (!run) throw new NotFoundError(`linkage run ${runId} not found`);
  }

  /** The pairs waiting for a clerk: each shows how two people's records compare, so the read is audited. */
  async openReview(runId: number): Promise<ReviewItem[]> {
    await this.requireRun(runId);
    const items = await new LinkageRepository(this.ctx.db).openReview(runId);
    await this.ctx.audit({
      action: 'linkage.review_read',
      subjectType: 'linkage_run',
      subjectId: runId,
      // Source record keys and comparison levels, never NIK or No. KK.
      identifiersRevealed: false,
      details: { pairs: items.length },
    });
    return items;
  }

  /** Accept (same person) or reject a pair of the run's review queue; later runs reuse the decision. */
  async decide(
    runId: number,
    d: { leftKey: string; rightKey: string; decision: 'match' | 'non_match'; note?: string | undefined },
  ): Promise<void> {
    await this.requireRun(runId);
    const queued = await this.ctx.db
      .selectFrom('linkage_review_queue')
      .select('id')
      .where('run_id', '=', runId)
      .where('left_key', '=', d.leftKey)
      .where('right_key', '=', d.rightKey)
      .executeTakeFirst();
    if (!queued)
      throw new NotFoundError(`pair ${d.leftKey} / ${d.rightKey} is not in the review queue of run ${runId}`);
    await this.ctx.database.transaction(async (tx) => {
      await new LinkageRepository(tx.db).decide({
        leftKey: d.leftKey,
        rightKey: d.rightKey,
        decision: d.decision,
        decidedBy: this.ctx.principal.username,
        ...(d.note ? { note: d.note } : {}),
      });
      await this.ctx.auditIn(tx, {
        action: 'linkage.decide',
        subjectType: 'linkage_pair',
        subjectId: `${d.leftKey}|${d.rightKey}`,
        details: { run_id: runId, decision: d.decision },
      });
    });
  }
}

import {
  LinkageRepository,
  type ReviewItem,
  type RunListItem,
} from '../linkage/storage/linkage-repository.js';
import { loadReviewRecords, type ReviewRecord } from '../linkage/storage/review-records.js';
import { shownIdentifier } from '../privacy/pii.js';
import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';

/** A pair of the review queue with the records on both sides (null: not a platform record, or deleted). */
export interface ReviewPair extends ReviewItem {
  left: ReviewRecord | null;
  right: ReviewRecord | null;
  /** Whether the sides agree, on the full values (before masking); null when a side has no value. */
  same: Record<ComparedField, boolean | null>;
}

export type ComparedField = 'nik' | 'kk' | 'name' | 'birth_date' | 'sex' | 'village_code';

function compareSides(a: ReviewRecord | null, b: ReviewRecord | null): ReviewPair['same'] {
  const eq = (x: string | null | undefined, y: string | null | undefined) =>
    x == null || y == null || x === '' || y === '' ? null : x === y;
  const name = (r: ReviewRecord | null) => r?.name.toLowerCase().replace(/\s+/g, ' ').trim();
  return {
    nik: eq(a?.nik, b?.nik),
    kk: eq(a?.kk, b?.kk),
    name: eq(name(a), name(b)),
    birth_date: eq(a?.birthDate, b?.birthDate),
    sex: eq(a?.sex, b?.sex),
    village_code: eq(a?.villageCode, b?.villageCode),
  };
}

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

  /**
   * The pairs waiting for a clerk, each with both records' fields side by side (NIK and No. KK masked unless
   * the principal may reveal them): the read is audited.
   */
  async openReview(runId: number): Promise<ReviewPair[]> {
    await this.requireRun(runId);
    const items = await new LinkageRepository(this.ctx.db).openReview(runId);
    const records = await loadReviewRecords(
      this.ctx.db,
      items.flatMap((i) => [i.leftKey, i.rightKey]),
    );
    const shown = (key: string): ReviewRecord | null => {
      const r = records.get(key);
      return r
        ? { ...r, nik: shownIdentifier(r.nik, this.ctx.reveal), kk: shownIdentifier(r.kk, this.ctx.reveal) }
        : null;
    };
    await this.ctx.audit({
      action: 'linkage.review_read',
      subjectType: 'linkage_run',
      subjectId: runId,
      identifiersRevealed: this.ctx.reveal && records.size > 0,
      details: { pairs: items.length, records: records.size },
    });
    return items.map((i) => ({
      ...i,
      left: shown(i.leftKey),
      right: shown(i.rightKey),
      same: compareSides(records.get(i.leftKey) ?? null, records.get(i.rightKey) ?? null),
    }));
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

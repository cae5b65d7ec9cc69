/**
 * Storage of linkage runs, the clerical review queue and review decisions. All SQL of the linkage area lives
 * here; callers pass plain values.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface ReviewItem {
  leftKey: string;
  rightKey: string;
  probability: number;
  explanation: Record<string, number>;
}

export interface RunRecord {
  kind: 'link' | 'dedupe';
  leftSource: string;
  rightSource: string | null;
  settings: unknown;
  model: unknown;
  blocking: unknown;
  quality: unknown;
  candidatePairs: number;
  matches: number;
  startedAt: Date;
  runBy: string | null;
  review: ReviewItem[];
}

/** Pairwise quality of a run, when a truth was available (precision, recall, F1 and counts). */
export type RunQuality = Record<string, number>;

export interface RunListItem {
  id: number;
  kind: 'link' | 'dedupe';
  left_source: string;
  right_source: string | null;
  candidate_pairs: number;
  matches: number;
  review: number;
  quality: RunQuality | null;
  started_at: Date;
  finished_at: Date;
  run_by: string | null;
}

export class LinkageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records a run with its review queue; returns the run id. Call inside a transaction. */
  async recordRun(run: RunRecord): Promise<number> {
    const { id } = await this.db
      .insertInto('linkage_runs')
      .values({
        kind: run.kind,
        left_source: run.leftSource,
        right_source: run.rightSource,
        settings: JSON.stringify(run.settings),
        model: JSON.stringify(run.model),
        blocking: JSON.stringify(run.blocking),
        quality: run.quality === null || run.quality === undefined ? null : JSON.stringify(run.quality),
        candidate_pairs: run.candidatePairs,
        matches: run.matches,
        review: run.review.length,
        started_at: run.startedAt,
        run_by: run.runBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < run.review.length; i += 1000) {
      await this.db
        .insertInto('linkage_review_queue')
        .values(
          run.review.slice(i, i + 1000).map((r) => ({
            run_id: id,
            left_key: r.leftKey,
            right_key: r.rightKey,
            match_probability: r.probability,
            explanation: JSON.stringify(r.explanation),
          })),
        )
        .execute();
    }
    return id;
  }

  /** The newest runs first, with their quality figures (`entas link runs`). */
  async runs(limit: number): Promise<RunListItem[]> {
    const rows = await this.db
      .selectFrom('linkage_runs')
      .select([
        'id',
        'kind',
        'left_source',
        'right_source',
        'candidate_pairs',
        'matches',
        'review',
        'quality',
        'started_at',
        'finished_at',
        'run_by',
      ])
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), quality: (r.quality ?? null) as RunQuality | null }));
  }

  /** Pairs of a run still waiting for a decision, most likely matches first. */
  async openReview(runId: number): Promise<ReviewItem[]> {
    const rows = await this.db
      .selectFrom('linkage_review_queue as q')
      .leftJoin('linkage_decisions as d', (j) =>
        j.onRef('d.left_key', '=', 'q.left_key').onRef('d.right_key', '=', 'q.right_key'),
      )
      .where('q.run_id', '=', runId)
      .where('d.decision', 'is', null)
      .select(['q.left_key', 'q.right_key', 'q.match_probability', 'q.explanation'])
      .orderBy('q.match_probability', 'desc')
      .orderBy('q.id')
      .execute();
    return rows.map((r) => ({
      leftKey: r.left_key,
      rightKey: r.right_key,
      probability: r.match_probability,
      explanation: r.explanation as Record<string, number>,
    }));
  }

  /** Stores (or replaces) a clerical decision about a pair. */
  async decide(d: {
    leftKey: string;
    rightKey: string;
    decision: 'match' | 'non_match';
    decidedBy: string;
    note?: string;
  }): Promise<void> {
    await this.db
      .insertInto('linkage_decisions')
      .values({
        left_key: d.leftKey,
        right_key: d.rightKey,
        decision: d.decision,
        decided_by: d.decidedBy,
        note: d.note ?? null,
      })
      .onConflict((oc) =>
        oc.columns(['left_key', 'right_key']).doUpdateSet({
          decision: d.decision,
          decided_by: d.decidedBy,
          note: d.note ?? null,
          decided_at: new Date(),
        }),
      )
      .execute();
  }

  /** Every stored decision, keyed "left|right" as the engine reuses them (true = same person). */
  async decisions(): Promise<Map<string, boolean>> {
    const rows = await this.db
      .selectFrom('linkage_decisions')
      .select(['left_key', 'right_key', 'decision'])
      .execute();
    return new Map(rows.map((r) => [`${r.left_key}|${r.right_key}`, r.decision === 'match']));
  }
}

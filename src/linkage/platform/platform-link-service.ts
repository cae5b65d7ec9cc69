/**
 * `entas link run`: links the platform's bansos recipient rows and cooperative member rows to DTSEN persons.
 * Incremental: only rows not linked yet are compared, against every person (blocking sees the whole
 * population). Earlier clerical decisions override the model; review-band pairs go to the review queue; the
 * run is recorded with its settings, trained m/u, counts and, on demo data, precision/recall/F1 against
 * demo_truth. Everything is written in one transaction.
 */
import { sequentialShardWrites } from '../../db/citus.js';
import type { Database, Tx } from '../../db/database.js';
import { UserError } from '../../shared/errors.js';
import type { RuleReport } from '../blocking.js';
import { runLinkage } from '../engine.js';
import type { PairQuality } from '../evaluate.js';
import { buildComparators, type FieldComparator } from '../fields/index.js';
import type { TrainedModel } from '../model.js';
import { LinkageRepository } from '../storage/linkage-repository.js';
import { PlatformLinkageRepository } from './platform-linkage-repository.js';
import {
  linkQuality,
  mergePlans,
  planLinks,
  residualRows,
  villagePairs,
  type PlannedLink,
} from './platform-plan.js';
import {
  platformSettings,
  referenceTable,
  rowGroups,
  scoringSettings,
  rowKey,
  SOURCE_TABLES,
  sourceTable,
  type SourceName,
  type SourceRow,
  type SourceTable,
} from './platform-records.js';

/**
 * Fewer rows than this are too few for EM (a small incremental batch): the run then scores with the m/u of the
 * newest run that trained on at least this many rows, when there is one.
 */
export const MIN_TRAINING_ROWS = 500;

/** The widest second look (pairs of unlinked rows with every person of their village) a run takes. */
export const RESIDUAL_MAX_PAIRS = 5_000_000;

export interface PlatformLinkOptions {
  source: SourceName;
  /** Written to linkage_runs.run_by. */
  actor: string;
  onStage?: (stage: string, detail?: Record<string, number>) => void;
  onBlocking?: (reports: RuleReport[]) => void;
  /**
   * Only this province's rows against this province's persons (a job's part; people listed in another province
   * than their DTSEN household are left unlinked for a later pass).
   */
  province?: string;
  /** Runs inside the write transaction before commit (a job's checkpoint commits with the links). */
  beforeCommit?: (tx: Tx, summary: PlatformLinkSummary) => Promise<void>;
}

export interface PlatformLinkSummary {
  /** The recorded run, or null when there was nothing to compare. */
  run_id: number | null;
  source: SourceName;
  persons: number;
  /** Rows compared per source table (only rows not linked before this run). */
  compared: Partial<Record<SourceTable, number>>;
  candidate_pairs: number;
  blocking: RuleReport[];
  linked: Partial<Record<SourceTable, number>>;
  linked_by_review: number;
  review: number;
  unlinked: number;
  new_entities: number;
  /** New entity keys for rows still unlinked (people not found in DTSEN; rows sharing a NIK share one). */
  unlinked_entities: number;
  decisions_reused: number;
  /** Rows blocking found nothing for, the village pairs a second look costs, and how many it linked. */
  residual_pass: { rows: number; pairs: number; linked: number } | null;
  /** The run whose m/u this run reused instead of training (small batches), else null. */
  model_from_run: number | null;
  model: Pick<TrainedModel, 'prior' | 'fields'> | null;
  /** Against demo_truth, when the compared rows are demo rows; else null. */
  quality: (PairQuality & { rows: number }) | null;
}

export async function linkPlatform(
  database: Database,
  options: PlatformLinkOptions,
): Promise<PlatformLinkSummary> {
  const tables = SOURCE_TABLES[options.source] as readonly SourceTable[] | undefined;
  if (!tables) throw new UserError(`--source must be bansos, members or all, got "${options.source}"`);
  const startedAt = new Date();
  const stage = options.onStage ?? (() => undefined);
  const platform = new PlatformLinkageRepository(database.db);
  stage('read');
  const persons = await platform.referencePersons(options.province);
  const rows: SourceRow[] = [];
  for (const t of tables) rows.push(...(await platform.unlinkedRows(t, options.province)));
  const compared = Object.fromEntries(tables.map((t) => [t, rows.filter((r) => r.table === t).length]));
  const summary: PlatformLinkSummary = {
    run_id: null,
    source: options.source,
    persons: persons.length,
    compared,
    candidate_pairs: 0,
    blocking: [],
    linked: Object.fromEntries(tables.map((t) => [t, 0])),
    linked_by_review: 0,
    review: 0,
    unlinked: 0,
    new_entities: 0,
    unlinked_entities: 0,
    decisions_reused: 0,
    model_from_run: null,
    residual_pass: null,
    model: null,
    quality: null,
  };
  if (rows.length === 0 || persons.length === 0) {
    if (rows.length > 0)
      throw new UserError('no DTSEN persons to link against: import a DTSEN extract or run `entas demo`');
    return summary;
  }

  const settings = platformSettings();
  const scoring = scoringSettings();
  const left = referenceTable(persons);
  const right = sourceTable(rows);
  const fields = buildComparators(settings, [left, right]);
  const decisions = await new LinkageRepository(database.db).decisions();
  const earlier =
    rows.length < MIN_TRAINING_ROWS ? await platform.latestTrainedModel(MIN_TRAINING_ROWS) : null;
  const reused = earlier ? reusableModel(earlier.model, fields) : null;
  const hooks = { decisions, onStage: options.onStage, onBlocking: options.onBlocking };
  // Train without the No. KK rule, then score with it (see scoringSettings).
  const trained =
    reused ?? (await runLinkage(settings, fields, left, right, { ...hooks, onBlocking: undefined })).model;
  const result = await runLinkage(scoring, fields, left, right, {
    ...hooks,
    trained,
    rightGroups: rowGroups(rows),
  });
  let plan = planLinks(result, left, right, rows, scoring.thresholds.match, decisions);
  // A second look within the village for rows blocking found nothing for (a typo in the first name and no
  // NIK), with the same model, when that stays small.
  const residual = residualRows(plan, rows, (r) => rowKey(r.table, r.id));
  const residualPass = { rows: residual.length, pairs: villagePairs(persons, residual), linked: 0 };
  if (residual.length > 0 && residualPass.pairs <= RESIDUAL_MAX_PAIRS) {
    stage('residual', { rows: residual.length, pairs: residualPass.pairs });
    const rest = sourceTable(residual);
    const second = await runLinkage({ ...scoring, blocking: [['village_code']] }, fields, left, rest, {
      decisions,
      trained,
      rightGroups: rowGroups(residual),
      // The residual rows are the doubtful ones: their share says nothing of how many rows are in DTSEN.
      rightNullOdds: result.rightNullOdds,
    });
    const plan2 = planLinks(second, left, rest, residual, scoring.thresholds.match, decisions);
    residualPass.linked = plan2.links.length;
    plan = mergePlans(plan, plan2, residual.length);
  }
  const quality = await qualityAgainstTruth(platform, tables, rows, plan.links);

  stage('write');
  return database.transaction(async (tx) => {
    await sequentialShardWrites(tx); // rows linked on the shards, then the run's own tables (Citus)
    const store = new PlatformLinkageRepository(tx.db);
    await store.lock();
    const runId = await new LinkageRepository(tx.db).recordRun({
      kind: 'link',
      leftSource: 'persons',
      rightSource: tables.join('+'),
      settings: {
        source: options.source,
        incremental: true,
        compared,
        ...(reused ? { model_from_run: earlier!.runId } : { trained_on_rows: rows.length }),
        ...scoring,
        training_blocking: settings.blocking,
        residual_pass: { blocking: [['village_code']], max_pairs: RESIDUAL_MAX_PAIRS, ...residualPass },
      },
      model: result.model,
      blocking: result.blocking,
      quality,
      candidatePairs: result.pairs.count,
      matches: plan.links.length,
      startedAt,
      runBy: options.actor,
      review: plan.review,
    });
    const newEntities = await store.assignPersonEntities(runId);
    const linked: Partial<Record<SourceTable, number>> = {};
    for (const t of tables)
      linked[t] = await store.writeLinks(
        t,
        runId,
        plan.links
          .filter((l) => l.row.table === t)
          .map((l) => ({
            id: l.row.id,
            personId: l.personId,
            probability: l.probability,
            reviewed: l.reviewed,
          })),
      );
    const unlinkedEntities = await store.assignUnlinkedEntities(tables, runId);
    const written: PlatformLinkSummary = {
      ...summary,
      run_id: runId,
      candidate_pairs: result.pairs.count,
      blocking: result.blocking,
      linked,
      linked_by_review: plan.linkedByReview,
      review: plan.review.length,
      unlinked: plan.unlinked,
      new_entities: newEntities,
      unlinked_entities: unlinkedEntities,
      decisions_reused: result.reviewed.reduce((n, r) => n + (r === 0 ? 0 : 1), 0),
      model_from_run: reused ? earlier!.runId : null,
      residual_pass: residualPass,
      model: { prior: result.model.prior, fields: result.model.fields },
      quality,
    };
    await options.beforeCommit?.(tx, written);
    return written;
  });
}

/** An earlier run's model when it has the same fields and levels as this run's comparators, else null. */
function reusableModel(
  model: unknown,
  fields: readonly FieldComparator[],
): Pick<TrainedModel, 'fields'> | null {
  const m = model as Partial<TrainedModel> | null;
  if (!m || !Array.isArray(m.fields) || m.fields.length !== fields.length) return null;
  const same = fields.every((f, i) => {
    const g = m.fields![i]!;
    return g.label === f.label && g.m.length === f.levels.length + 1 && g.u.length === f.levels.length + 1;
  });
  return same ? { fields: m.fields } : null;
}

/** Precision/recall/F1 over the compared rows demo_truth knows; null when it knows none (real data). */
async function qualityAgainstTruth(
  platform: PlatformLinkageRepository,
  tables: readonly SourceTable[],
  rows: readonly SourceRow[],
  links: readonly PlannedLink[],
): Promise<(PairQuality & { rows: number }) | null> {
  const truth = new Map<string, number | null>();
  for (const t of tables) {
    const known = await platform.truth(
      t,
      rows.filter((r) => r.table === t).map((r) => r.id),
    );
    for (const [id, personId] of known) truth.set(rowKey(t, id), personId);
  }
  if (truth.size === 0) return null;
  const q = linkQuality(links, truth, (row) => rowKey(row.table, row.id));
  const round = (x: number) => Number(x.toFixed(4));
  return { ...q, precision: round(q.precision), recall: round(q.recall), f1: round(q.f1) };
}

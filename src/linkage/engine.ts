/**
 * The linkage engine (pure: tables in, scored pairs out): prepare features, block, compare, train a
 * Fellegi–Sunter model without labels (u from random pairs, m by EM once per blocking rule, prior estimated),
 * score with term-frequency adjustment, then assign one-to-one (link) or cluster (dedupe).
 */
import { oneToOne } from './assignment.js';
import {
  blockPairs,
  pairsFromKeys,
  ruleKeys,
  settingsRules,
  type BlockingRule,
  type CandidatePairs,
  type RuleKeys,
  type RuleReport,
} from './blocking.js';
import { clusterPairs, type Clusters } from './clustering.js';
import { aggregateVectors, compareLevels } from './comparison.js';
import { expectationMaximisation, initialM } from './em.js';
import type { FieldComparator } from './fields/field.js';
import { bayesFactors, estimatePrior, logit2, probability, type TrainedModel } from './model.js';
import { prepareTables, type PreparedTable, type RecordTable } from './record-table.js';
import type { LinkSettings } from './settings.js';
import { estimateU, termFrequencies } from './u-estimation.js';

export interface EngineHooks {
  /** Called with every rule's pair counts once blocking is done, before any pair is compared. */
  onBlocking?: (reports: RuleReport[]) => void;
  onStage?: (stage: string, detail?: Record<string, number>) => void;
  /**
   * Blocking shared with another thread that prepared the same tables and compiled the same rules: it computes
   * the keys of the rules for which `isRemote` holds while this thread estimates u and computes the others;
   * this thread then generates the candidate pairs and hands them over (`sendPairs`).
   */
  sharedBlocking?: {
    isRemote(rule: number): boolean;
    /** The remote rules' keys, in rule order. */
    remoteKeys(): Promise<RuleKeys[]>;
    sendPairs(pairs: CandidatePairs): void;
  };
  /**
   * Clerical decisions from earlier reviews, keyed "leftId|rightId" (dedupe: the smaller id first): true = same
   * person, false = different. They override the model for candidate pairs.
   */
  decisions?: ReadonlyMap<string, boolean>;
  /**
   * m and u of an earlier run over the same fields (in order), used instead of training: a small incremental
   * batch gives EM too few pairs. The prior is still estimated on this run's pairs.
   */
  trained?: Pick<TrainedModel, 'fields'>;
  /** Comparison shared with another thread; must return what compareLevels returns for all pairs. */
  compareSplit?: (
    fields: readonly FieldComparator[],
    left: PreparedTable,
    right: PreparedTable,
    pairs: CandidatePairs,
  ) => Promise<Uint8Array[]>;
}

export interface LinkageResult {
  mode: 'link' | 'dedupe';
  fields: FieldComparator[];
  model: TrainedModel;
  blocking: RuleReport[];
  pairs: { left: Int32Array; right: Int32Array; count: number };
  levels: Uint8Array[];
  weight: Float64Array;
  probability: Float64Array;
  /** Per pair: 1 reviewed as a match, -1 reviewed as a non-match, 0 not reviewed. */
  reviewed: Int8Array;
  /** Pair indices kept in the output (probability ≥ review threshold, after any one-to-one assignment). */
  selected: number[];
  /** Pairs at or above the review threshold dropped by the one-to-one assignment. */
  droppedByAssignment: number;
  clusters: Clusters | null;
  /** Values present but unusable (unparseable dates, NIKs without 16 digits …) per field, both inputs. */
  unusable: Record<string, number>;
  /** Per-field contribution (log2 Bayes factor incl. term-frequency adjustment) of one pair. */
  explain(pair: number): number[];
}

export async function runLinkage(
  settings: LinkSettings,
  fields: FieldComparator[],
  leftTable: RecordTable,
  rightTable: RecordTable | null,
  hooks: EngineHooks = {},
): Promise<LinkageResult> {
  const stage = hooks.onStage ?? (() => undefined);
  stage('prepare');
  const { left, right } = prepareTables(leftTable, rightTable, fields);
  const r: PreparedTable = right ?? left;
  const rules = settingsRules(settings, fields);
  const shared = hooks.sharedBlocking;
  let u: Float64Array[] | null = null;
  if (shared) {
    stage('u-probabilities');
    u = estimateU(fields, left, right, settings.uSample);
  }
  stage('blocking');
  let candidates: CandidatePairs;
  if (shared) {
    const own = rules.map((rule, i) => (shared.isRemote(i) ? null : ruleKeys(rule, fields, left, right)));
    const remote = await shared.remoteKeys();
    let next = 0;
    candidates = pairsFromKeys(
      rules,
      own.map((keys) => keys ?? remote[next++]!),
      left.size,
      right?.size ?? null,
      settings.maxPairs,
      hooks.onBlocking,
      settings.blocking === undefined,
    );
    shared.sendPairs(candidates);
  } else
    candidates = blockPairs(
      rules,
      fields,
      left,
      right,
      settings.maxPairs,
      hooks.onBlocking,
      settings.blocking === undefined,
    );
  stage('compare', { pairs: candidates.count });
  const levels = hooks.compareSplit
    ? await hooks.compareSplit(fields, left, r, candidates)
    : compareLevels(fields, left, r, candidates.left, candidates.right);
  stage('train');
  // A model from an earlier run (hooks.trained) is used as it is; otherwise m by EM, u as estimated above or now.
  const model = hooks.trained
    ? { fields: hooks.trained.fields.map((f) => ({ ...f, trainedBy: 0 })), prior: 0, runs: [] }
    : train(fields, rules, candidates, levels, u ?? estimateU(fields, left, right, settings.uSample));
  const totalPairs = right ? left.size * right.size : (left.size * (left.size - 1)) / 2;
  const factors = bayesFactors(model);
  model.prior = estimatePrior(
    aggregateVectors(levels, null, candidates.count),
    factors,
    totalPairs,
    Math.min(left.size, r.size) / totalPairs,
  );
  stage('score');
  // Per feature code of a term-frequency field: the bits added at the exact level (the value's own u).
  const tfAdjust = fields.map((field, f) => {
    const exact = left.exact[f];
    if (!field.tf || !exact) return null;
    const tf = termFrequencies(f, left, right);
    const uExact = model.fields[f]!.u[1]!;
    return Float64Array.from(exact, (c) => (tf[c]! > 0 ? Math.log2(uExact / tf[c]!) : 0));
  });
  const base = logit2(model.prior);
  const weight = new Float64Array(candidates.count);
  const prob = new Float64Array(candidates.count);
  for (let p = 0; p < candidates.count; p++) {
    let w = base;
    for (let f = 0; f < fields.length; f++) {
      const l = levels[f]![p]!;
      w += factors[f]![l]!;
      const adjust = tfAdjust[f];
      if (l === 1 && adjust) w += adjust[left.codes[f]![candidates.left[p]!]!]!;
    }
    weight[p] = w;
    prob[p] = probability(w);
  }
  const reviewed = new Int8Array(candidates.count);
  if (hooks.decisions && hooks.decisions.size > 0) {
    const lid = leftTable.ids;
    const rid = (rightTable ?? leftTable).ids;
    for (let p = 0; p < candidates.count; p++) {
      const a = lid[candidates.left[p]!]!;
      const b = rid[candidates.right[p]!]!;
      const d = hooks.decisions.get(right || a < b ? `${a}|${b}` : `${b}|${a}`);
      if (d !== undefined) reviewed[p] = d ? 1 : -1;
    }
  }
  // Reviewed matches rank first in the assignment and clustering; reviewed non-matches are dropped.
  const rank = Float64Array.from(prob, (q, p) => (reviewed[p] === 1 ? 2 : reviewed[p] === -1 ? -1 : q));
  let selected: number[] = [];
  for (let p = 0; p < candidates.count; p++) if (rank[p]! >= settings.thresholds.review) selected.push(p);
  let dropped = 0;
  if (right && settings.oneToOne) {
    const kept = oneToOne(selected, candidates.left, candidates.right, rank);
    dropped = selected.length - kept.length;
    selected = kept;
  }
  let clusters: Clusters | null = null;
  if (!right) {
    stage('cluster');
    clusters = clusterPairs(
      left.size,
      candidates.left,
      candidates.right,
      rank,
      settings.thresholds,
      settings.maxClusterSize,
    );
  }
  return {
    mode: right ? 'link' : 'dedupe',
    fields,
    model,
    blocking: candidates.reports,
    pairs: { left: candidates.left, right: candidates.right, count: candidates.count },
    levels,
    weight,
    probability: prob,
    reviewed,
    selected,
    droppedByAssignment: dropped,
    clusters,
    unusable: Object.fromEntries(
      fields.map((f, i) => [f.label, left.unusable[i]! + (right ? right.unusable[i]! : 0)]),
    ),
    explain: (p) =>
      fields.map((_, f) => {
        const l = levels[f]![p]!;
        let w = factors[f]![l]!;
        const adjust = tfAdjust[f];
        if (l === 1 && adjust) w += adjust[left.codes[f]![candidates.left[p]!]!]!;
        return w;
      }),
  };
}

/**
 * m by EM, one run per blocking rule over the candidate pairs that rule selects, with the rule's own fields
 * left out (they agree by construction there). A field's m is the average over the runs that estimated it,
 * weighted by each run's expected number of matches.
 */
function train(
  fields: readonly FieldComparator[],
  rules: readonly BlockingRule[],
  candidates: CandidatePairs,
  levels: Uint8Array[],
  u: Float64Array[],
): TrainedModel {
  const sums = fields.map((f) => new Float64Array(f.levels.length + 1));
  const weights = fields.map(() => 0);
  const runs: TrainedModel['runs'] = [];
  rules.forEach((rule, r) => {
    if (candidates.reports[r]!.skipped) return;
    const ruleColumns = new Set(rule.parts.map((p) => fields[p.field]!.columns[0]!));
    const active = fields.map((f) => !f.columns.some((c) => ruleColumns.has(c)));
    if (!active.some(Boolean)) return;
    const kl = candidates.keysLeft[r]!;
    const kr = candidates.keysRight[r]!;
    const subset: number[] = [];
    for (let p = 0; p < candidates.count; p++) {
      const k = kl[candidates.left[p]!]!;
      if (k >= 0 && k === kr[candidates.right[p]!]) subset.push(p);
    }
    if (subset.length < 10) return;
    const data = aggregateVectors(levels, subset, subset.length);
    const result = expectationMaximisation(
      data,
      u,
      active,
      fields.map((f) => initialM(f.levels.length)),
    );
    const expectedMatches = result.lambda * subset.length;
    runs.push({
      rule: rule.text,
      pairs: subset.length,
      lambda: result.lambda,
      iterations: result.iterations,
      fields: fields.filter((_, f) => active[f]).map((f) => f.label),
    });
    fields.forEach((_, f) => {
      if (!active[f]) return;
      for (let l = 1; l < sums[f]!.length; l++) sums[f]![l]! += result.m[f]![l]! * expectedMatches;
      weights[f]! += expectedMatches;
    });
  });
  return {
    fields: fields.map((field, f) => {
      const fallback = initialM(field.levels.length);
      const m = Array.from(sums[f]!, (s, l) => (weights[f]! > 0 ? s / weights[f]! : fallback[l]!));
      return {
        label: field.label,
        type: field.type,
        levels: field.levels,
        m,
        u: Array.from(u[f]!),
        trainedBy: runs.filter((run) => run.fields.includes(field.label)).length,
      };
    }),
    prior: 0,
    runs,
  };
}

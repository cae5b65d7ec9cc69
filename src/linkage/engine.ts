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
import { DATE_LEVELS } from './fields/date-field.js';
import { NIK_LEVELS } from './fields/nik-field.js';
import { Matcher } from './matching.js';
import { bayesFactors, estimatePrior, logit2, probability, type TrainedModel } from './model.js';
import { prepareTables, type PreparedTable, type RecordTable } from './record-table.js';
import { deduplicatedSides, type LinkSettings } from './settings.js';
import { estimateU, termFrequencies } from './u-estimation.js';

export interface EngineHooks {
  /** Called with every rule's pair counts once blocking is done, before any pair is compared. */
  onBlocking?: (reports: RuleReport[]) => void;
  onStage?: (stage: string, detail?: Record<string, number>) => void;
  /**
   * Blocking shared with another thread that prepared the same tables and compiled the same rules: it computes
   * the keys of the rules for which `isRemote` holds while this thread computes the others; this thread then
   * generates the candidate pairs and hands them over (`sendPairs`), and may take u from it (`remoteU`).
   */
  sharedBlocking?: {
    isRemote(rule: number): boolean;
    /** The remote rules' keys, in rule order. */
    remoteKeys(): Promise<RuleKeys[]>;
    sendPairs(pairs: CandidatePairs): void;
    /** u as estimateU computes it, estimated by the other thread while this one blocks and compares. */
    remoteU?(): Promise<Float64Array[]>;
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
  /**
   * Linking with a deduplicated right list: the group of each right record (e.g. which program list or register
   * it came from). A left record then matches at most one right record per group instead of one overall.
   */
  rightGroups?: Int32Array;
  /** With `rightCovered` settings: these odds of "none of its candidates" instead of estimating them. */
  rightNullOdds?: number;
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
  /** Those pairs' indices, ascending. */
  dropped: number[];
  /** Prior odds that a right record matches none of its candidates (1 unless `rightCovered`). */
  rightNullOdds: number;
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
  const deduplicated = deduplicatedSides(settings);
  const constrained = right !== null && (deduplicated.left || deduplicated.right);
  // A model from an earlier run (hooks.trained) is used as it is; otherwise m by EM, u as estimated above or now.
  // Under deduplication constraints the constrained EM below trains m from the initial values (hard profile,
  // 200 k: the same m and links as starting from the per-rule EM, without its time).
  const model = hooks.trained
    ? { fields: hooks.trained.fields.map((f) => ({ ...f, trainedBy: 0 })), prior: 0, runs: [] }
    : train(
        fields,
        constrained ? [] : rules,
        candidates,
        levels,
        shared?.remoteU ? await shared.remoteU() : estimateU(fields, left, right, settings.uSample),
        right !== null,
      );
  const totalPairs = right ? left.size * right.size : (left.size * (left.size - 1)) / 2;
  // Linking two lists: at most min(left, right) pairs match (one-to-one at best), which bounds the prior.
  const maxPrior = right ? Math.min(left.size, right.size) / totalPairs : 0.5;
  model.prior = Math.min(
    maxPrior,
    estimatePrior(
      aggregateVectors(levels, null, candidates.count),
      bayesFactors(model),
      totalPairs,
      maxPrior,
    ),
  );
  stage('refine');
  // Per feature code of a term-frequency field: the bits added at the exact level (the value's own u).
  const tfAdjust = fields.map((field, f) => {
    const exact = left.exact[f];
    if (!field.tf || !exact) return null;
    const tf = termFrequencies(f, left, right);
    const uExact = model.fields[f]!.u[1]!;
    return Float64Array.from(exact, (c) => (tf[c]! > 0 ? Math.log2(uExact / tf[c]!) : 0));
  });
  const count = candidates.count;
  const weight = new Float64Array(count);
  const prob = new Float64Array(count);
  // Per field, fixed while m changes: each pair's term-frequency bits (exact level only) and whether a NIK rule
  // mutes the field's positive evidence for the pair (another person's NIK; a NIK repeating the birth date).
  const tfBits = fields.map((_, f) => {
    const adjust = tfAdjust[f];
    if (!adjust) return null;
    const lv = levels[f]!;
    const codes = left.codes[f]!;
    const out = new Float64Array(count);
    for (let p = 0; p < count; p++) if (lv[p] === 1) out[p] = adjust[codes[candidates.left[p]!]!]!;
    return out;
  });
  const foreignNik = foreignNikRule(fields, levels, count);
  const nikRepeatsDate = nikRepeatsDateRule(fields);
  const muted = fields.map((_, f) => {
    const foreign = foreignNik?.nikFields.includes(f) ? foreignNik : null;
    const repeats = nikRepeatsDate?.nik === f ? nikRepeatsDate : null;
    if (!foreign && !repeats) return null;
    const out = new Uint8Array(count);
    for (let p = 0; p < count; p++)
      if (foreign?.applies(levels, p) || repeats?.applies(levels, p)) out[p] = 1;
    return out;
  });
  let factors = bayesFactors(model);
  const contribution = (f: number, p: number): number => {
    const w = factors[f]![levels[f]![p]!]! + (tfBits[f]?.[p] ?? 0);
    return w > 0 && muted[f]?.[p] ? 0 : w;
  };
  let rightNullOdds = 1;
  // Odds that a right record matches none of its candidates, estimated with m (below); 1 until then.
  let estimatedNullOdds = 1;
  // The candidate graph of the constrained probabilities, built at the first scoring and reused.
  let matcher: Matcher | null = null;
  const score = (passes: number) => {
    weight.fill(logit2(model.prior));
    // Field by field over typed arrays (the same sum as `contribution`, without a call per pair and field).
    for (let f = 0; f < fields.length; f++) {
      const lv = levels[f]!;
      const factor = factors[f]!;
      const bits = tfBits[f];
      const mute = muted[f];
      for (let p = 0; p < count; p++) {
        let w = factor[lv[p]!]!;
        if (bits) w += bits[p]!;
        if (mute && w > 0 && mute[p]) w = 0;
        weight[p]! += w;
      }
    }
    // Under the constraints `prob` is overwritten below; its pairwise values are read only for `rightCovered`.
    if (!constrained || settings.rightCovered)
      for (let p = 0; p < count; p++) prob[p] = probability(weight[p]!);
    rightNullOdds =
      right && deduplicated.left && settings.rightCovered
        ? (hooks.rightNullOdds ?? unmatchedShare(prob, candidates, right.size))
        : right && deduplicated.left
          ? (hooks.rightNullOdds ?? estimatedNullOdds)
          : 1;
    if (constrained) {
      matcher ??= new Matcher({
        left: candidates.left,
        right: candidates.right,
        count,
        leftDeduplicated: deduplicated.left,
        rightDeduplicated: deduplicated.right,
        rightGroups: hooks.rightGroups ?? null,
      });
      matcher.run(weight, { rightNullOdds, iterations: passes }, prob);
    }
  };
  // EM per blocking rule lets a crowd of same-name relatives in one village (same address, same sex) stand for
  // the match class, so a disagreeing NIK or birth date cost them little (hard profile, 200 k: m of a NIK that
  // disagrees 0.36, of a birth date that disagrees 0.35; the pairs between 0.5 and 0.99 matched at half the rate
  // stated). Under the deduplication constraints a record's candidates share one match: m estimated from those
  // probabilities over all candidate pairs (EM whose E-step is the constrained one) no longer counts namesakes
  // as matches (0.022 and 0.003).
  if (constrained && !hooks.trained) {
    for (let step = 0; step < CONSTRAINED_EM_STEPS; step++) {
      score(EM_PASSES);
      mStep(model, levels, prob, count);
      factors = bayesFactors(model);
      if (right && deduplicated.left)
        estimatedNullOdds = nullOdds(prob, count, right.size, left.size, model.prior);
    }
  }
  // Belief propagation until the messages settle (household context: a row's namesake already taken by another
  // row of the list no longer competes). With m from the per-rule EM alone one pass was better (relatives
  // counted as matches made the loops over-link); with the constrained m, hard profile 200 k: one pass
  // 0.9994 / 0.9949, three passes or twenty 0.9994 / 0.9951.
  stage('score');
  score(FINAL_PASSES);
  // Its work arrays (four floats per pair) are not needed for the assignment and the output.
  matcher = null;
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
  const rank = new Float64Array(count);
  for (let p = 0; p < count; p++) rank[p] = reviewed[p] === 1 ? 2 : reviewed[p] === -1 ? -1 : prob[p]!;
  let selected: number[] = [];
  for (let p = 0; p < count; p++) if (rank[p]! >= settings.thresholds.review) selected.push(p);
  let dropped: number[] = [];
  if (right && settings.oneToOne) {
    const kept = oneToOne(selected, candidates.left, candidates.right, rank);
    const keep = new Uint8Array(count);
    for (const p of kept) keep[p] = 1;
    dropped = selected.filter((p) => keep[p] === 0);
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
    droppedByAssignment: dropped.length,
    dropped,
    rightNullOdds,
    clusters,
    unusable: Object.fromEntries(
      fields.map((f, i) => [f.label, left.unusable[i]! + (right ? right.unusable[i]! : 0)]),
    ),
    explain: (p) => fields.map((_, f) => contribution(f, p)),
  };
}

/**
 * Constrained EM steps and belief-propagation passes in each (hard profile, 200 k: three steps of one pass give
 * the same links and calibration as four of two, 0.9995 / 0.9950).
 */
const CONSTRAINED_EM_STEPS = 3;
const EM_PASSES = 1;
/** Passes for the final probabilities (stopping earlier when the messages settle). */
const FINAL_PASSES = 5;
/**
 * Least m of a level: a level no candidate match shows (an address that differs entirely, on generated data)
 * still costs at most log2(u / 1e-4) bits, so one field cannot veto a pair the other fields agree on.
 */
const M_FLOOR = 1e-4;
/**
 * The current m count as this many matches in the constrained M-step: a few dozen candidate pairs (a test, a
 * tiny list) do not overturn the initial values, hundreds of thousands decide alone.
 */
const PRIOR_MATCHES = 100;

/**
 * M-step over all candidate pairs: m[level] of each field = the probability-weighted share of pairs at that
 * level (pairs with the field missing left out), with the current m as PRIOR_MATCHES pseudo-matches. Candidate
 * pairs hold nearly all matches, so with probabilities that respect the deduplication constraints this
 * estimates P(level | match) without the namesakes.
 */
function mStep(model: TrainedModel, levels: readonly Uint8Array[], prob: Float64Array, count: number): void {
  model.fields.forEach((field, f) => {
    const sums = new Float64Array(field.m.length);
    const lv = levels[f]!;
    for (let p = 0; p < count; p++) sums[lv[p]!]! += prob[p]!;
    let total = 0;
    for (let l = 1; l < sums.length; l++) total += sums[l]!;
    field.m = Array.from(sums, (s, l) =>
      l === 0 ? 0 : Math.max((s + PRIOR_MATCHES * field.m[l]!) / (total + PRIOR_MATCHES), M_FLOOR),
    );
  });
}

/**
 * Prior odds that a right record matches none of its candidates, relative to the pairs' own prior λ: with a
 * deduplicated left list a right record matches one of the L left records or none, and the share π0 matching
 * none is estimated like m (EM: one minus the mean of the constrained match probabilities summed per right
 * record). A record then matches a given left record with prior (1 − π0) / L, none with π0, so the odds of
 * none are λ · L · π0 / (1 − π0). The odds 1 assumed before stated π0 ≈ 1 / (1 + λ L), about one half, where a
 * beneficiary list has most of its people in the registry (hard profile: 97 %): true pairs with some evidence
 * missing were under-stated, and namesake relatives sharing village and address made up for it.
 */
function nullOdds(
  prob: Float64Array,
  count: number,
  rightSize: number,
  leftSize: number,
  prior: number,
): number {
  let matched = 0;
  for (let p = 0; p < count; p++) matched += prob[p]!;
  const none = Math.min(
    Math.max(1 - matched / Math.max(rightSize, 1), NULL_SHARE_FLOOR),
    1 - NULL_SHARE_FLOOR,
  );
  return ((prior / (1 - prior)) * leftSize * none) / (1 - none);
}

/** π0 is kept within [this, 1 − this]: a list never proves all or none of its records are in the registry. */
const NULL_SHARE_FLOOR = 0.005;

/**
 * Share of right records without a near-certain match (pairwise probability ≥ 0.99 with some candidate), with
 * add-one smoothing: an upper bound on the share whose match is not in the left list at all, used as the prior
 * odds of "none of its candidates" when the right records are expected to be in the left list.
 */
export function unmatchedShare(
  prob: Float64Array,
  candidates: Pick<CandidatePairs, 'right' | 'count'>,
  rightSize: number,
): number {
  const sure = new Uint8Array(rightSize);
  for (let p = 0; p < candidates.count; p++) if (prob[p]! >= 0.99) sure[candidates.right[p]!] = 1;
  let certain = 0;
  for (let j = 0; j < rightSize; j++) certain += sure[j]!;
  return (rightSize - certain + 1) / (rightSize + 1);
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
  linking: boolean,
): TrainedModel {
  const sums = fields.map((f) => new Float64Array(f.levels.length + 1));
  const weights = fields.map(() => 0);
  const runs: TrainedModel['runs'] = [];
  rules.forEach((rule, r) => {
    if (candidates.reports[r]!.skipped) return;
    const ruleColumns = new Set(rule.parts.map((p) => fields[p.field]!.columns[0]!));
    const ruleTypes = new Set(rule.parts.map((p) => fields[p.field]!.type));
    // A NIK encodes the birth date: pairs blocked on a date agree on the NIK's date digits by construction (and
    // pairs blocked on a NIK on the date), so neither is estimated on the other's block.
    const correlated = (f: FieldComparator) =>
      (f.type === 'nik' && ruleTypes.has('date')) || (f.type === 'date' && ruleTypes.has('nik'));
    const active = fields.map((f) => !f.columns.some((c) => ruleColumns.has(c)) && !correlated(f));
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
      linking ? { maxLambda: smallerSide(subset, candidates) / subset.length } : {},
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
        ...(field.within !== undefined ? { within: field.within } : {}),
      };
    }),
    prior: 0,
    runs,
  };
}

/** Distinct records on the side of `pairs` that has fewer: at most that many of the pairs match (linking). */
function smallerSide(pairs: readonly number[], candidates: CandidatePairs): number {
  let size = 0;
  for (const p of pairs) size = Math.max(size, candidates.left[p]! + 1, candidates.right[p]! + 1);
  const seenLeft = new Uint8Array(size);
  const seenRight = new Uint8Array(size);
  let l = 0;
  let r = 0;
  for (const p of pairs) {
    const i = candidates.left[p]!;
    const j = candidates.right[p]!;
    if (!seenLeft[i]) {
      seenLeft[i] = 1;
      l++;
    }
    if (!seenRight[j]) {
      seenRight[j] = 1;
      r++;
    }
  }
  return Math.min(l, r);
}

/**
 * A NIK that agrees (or nearly) while the name disagrees outright and the birth date does not agree (nor its day
 * and month swapped) is another person's NIK — a relative's, or one a digit away from the true one — not
 * evidence of a match: the NIK fields (nik and the NIK-birth-date check) then add nothing. A birth date missing
 * on one row of lists that carry birth dates counts as not agreeing; when no candidate pair has both birth
 * dates (a list without a birth-date column, such as the platform's bansos and member rows) nothing can
 * contradict the NIK, and a nickname on a row with the person's own NIK still links. Null without a NIK and a
 * name field.
 */
function foreignNikRule(
  fields: readonly FieldComparator[],
  levels: readonly Uint8Array[],
  count: number,
): { nikFields: number[]; applies(levels: readonly Uint8Array[], p: number): boolean } | null {
  const nik = fields.findIndex((f) => f.type === 'nik');
  const name = fields.findIndex((f) => f.type === 'name');
  if (nik < 0 || name < 0) return null;
  const date = fields.findIndex((f) => f.type === 'date');
  if (date >= 0 && !levels[date]!.subarray(0, count).some((l) => l > 0)) return null;
  const nameElse = fields[name]!.levels.length;
  const nikElse = fields[nik]!.levels.length;
  const nikFields = fields.flatMap((f, i) => (i === nik || f.type === 'nik_birth_date' ? [i] : []));
  return {
    nikFields,
    applies: (levels, p) => {
      const n = levels[nik]![p]!;
      if (n === 0 || n === nikElse || levels[name]![p]! !== nameElse) return false;
      if (date < 0) return true;
      // Date levels: 1 exact, 2 day and month swapped, 3+ further apart; 0 = a date missing.
      const d = levels[date]![p]!;
      return d === 0 || d > 2;
    },
  };
}

/**
 * A NIK is the district, the birth date (day + 40 for women) and a serial: two people of one district born on
 * the same day hold NIKs that differ only in the serial. When the birth dates agree exactly, a NIK agreeing up
 * to the serial says nothing the date (and the village) has not said already, and adds nothing; counted as well
 * it made a neighbour born the same day, with another name, a near-certain match. Null without NIK and date.
 * Likewise when the birth dates are a digit (or a year) apart and the NIKs one digit or a transposition apart:
 * the NIKs differ where they encode those dates, and the serial they share (0001 for the first person of the
 * district born that day) is common; counted as well, someone outside the registry born a few days from a
 * registry person of the district, with the same first name, became a near-certain match (hard profile, 100 k:
 * most of the false pairs at p ≥ 0.95).
 */
function nikRepeatsDateRule(
  fields: readonly FieldComparator[],
): { nik: number; applies(levels: readonly Uint8Array[], p: number): boolean } | null {
  const nik = fields.findIndex((f) => f.type === 'nik');
  const date = fields.findIndex((f) => f.type === 'date');
  if (nik < 0 || date < 0) return null;
  const serialOnly = NIK_LEVELS.indexOf('only the serial differs') + 1;
  const oneDigit = NIK_LEVELS.indexOf('one digit wrong') + 1;
  const transposed = NIK_LEVELS.indexOf('adjacent digits transposed') + 1;
  const dateNear = DATE_LEVELS.indexOf('one year or one digit off') + 1;
  return {
    nik,
    applies: (levels, p) => {
      const n = levels[nik]![p]!;
      const d = levels[date]![p]!;
      return (n === serialOnly && d === 1) || ((n === oneDigit || n === transposed) && d === dateNear);
    },
  };
}

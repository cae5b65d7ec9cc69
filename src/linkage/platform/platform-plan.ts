/**
 * What a platform linkage run decides (pure): for every compared source row the person it links to, or the
 * candidate pairs that go to clerical review, or nothing. Clerical decisions are final: an accepted pair always
 * links (even when blocking did not propose it this time), a rejected pair never does.
 */
import type { LinkageResult } from '../engine.js';
import { pairQuality, type PairQuality } from '../evaluate.js';
import type { RecordTable } from '../record-table.js';
import { personIdOf, type SourceRow } from './platform-records.js';

export interface PlannedLink {
  row: SourceRow;
  personId: number;
  /** Match probability of the chosen pair (1 when a reviewer accepted it). */
  probability: number;
  reviewed: boolean;
}

export interface ReviewPair {
  leftKey: string;
  rightKey: string;
  probability: number;
  /** Field → contribution to the match weight in bits. */
  explanation: Record<string, number>;
}

export interface LinkPlan {
  links: PlannedLink[];
  review: ReviewPair[];
  /** Rows left unlinked (no pair at or above the match threshold, none accepted). */
  unlinked: number;
  /** Rows linked through an accepted clerical decision. */
  linkedByReview: number;
}

/** Review-band pairs kept per row (the most likely ones); a reviewer rarely needs more. */
const REVIEW_PER_ROW = 3;

export function planLinks(
  result: LinkageResult,
  left: RecordTable,
  right: RecordTable,
  rows: readonly SourceRow[],
  matchThreshold: number,
  decisions: ReadonlyMap<string, boolean>,
): LinkPlan {
  const n = rows.length;
  const best = new Int32Array(n).fill(-1);
  const bestRank = new Float64Array(n).fill(-Infinity);
  const band: number[][] = Array.from({ length: n }, () => []);
  for (const p of result.selected) {
    if (result.reviewed[p] === -1) continue;
    const r = result.pairs.right[p]!;
    const q = result.probability[p]!;
    if (q >= matchThreshold) {
      if (q > bestRank[r]!) {
        bestRank[r] = q;
        best[r] = p;
      }
    } else band[r]!.push(p);
  }
  // An accepted pair wins over the model, also when blocking did not propose it this time.
  const accepted = new Map<string, number>();
  for (const [key, same] of decisions) {
    if (!same) continue;
    const bar = key.indexOf('|');
    const personId = personIdOf(key.slice(0, bar));
    if (personId !== null) accepted.set(key.slice(bar + 1), personId);
  }
  const links: PlannedLink[] = [];
  const review: ReviewPair[] = [];
  let unlinked = 0;
  let linkedByReview = 0;
  for (let r = 0; r < n; r++) {
    const acceptedPerson = accepted.get(right.ids[r]!);
    if (acceptedPerson !== undefined) {
      links.push({ row: rows[r]!, personId: acceptedPerson, probability: 1, reviewed: true });
      linkedByReview++;
      continue;
    }
    const p = best[r]!;
    if (p >= 0) {
      links.push({
        row: rows[r]!,
        personId: personIdOf(left.ids[result.pairs.left[p]!]!)!,
        probability: result.probability[p]!,
        reviewed: false,
      });
      continue;
    }
    unlinked++;
    const pairs = band[r]!.sort((a, b) => result.probability[b]! - result.probability[a]!);
    for (const q of pairs.slice(0, REVIEW_PER_ROW)) {
      const contributions = result.explain(q);
      review.push({
        leftKey: left.ids[result.pairs.left[q]!]!,
        rightKey: right.ids[r]!,
        probability: result.probability[q]!,
        explanation: Object.fromEntries(
          result.fields.map((f, i) => [f.label, Number(contributions[i]!.toFixed(3))]),
        ),
      });
    }
  }
  return { links, review, unlinked, linkedByReview };
}

/**
 * Quality of the links against a truth (demo data: who each row really is). Pairwise over the rows with a
 * truth entry: a predicted pair is (row, person linked), a true pair (row, person it really is).
 */
export function linkQuality(
  links: readonly PlannedLink[],
  truth: ReadonlyMap<string, number | null>,
  keyOf: (row: SourceRow) => string,
): PairQuality & { rows: number } {
  const predicted = new Set<string>();
  for (const l of links) {
    const key = keyOf(l.row);
    if (truth.has(key)) predicted.add(`${key}|${l.personId}`);
  }
  const actual = new Set<string>();
  for (const [key, personId] of truth) if (personId !== null) actual.add(`${key}|${personId}`);
  return { ...pairQuality(predicted, actual), rows: truth.size };
}

/** Rows of a plan with neither a link nor a pair in review: candidates for a wider second look. */
export function residualRows(plan: LinkPlan, rows: readonly SourceRow[], keyOf: (row: SourceRow) => string) {
  const settled = new Set<SourceRow>(plan.links.map((l) => l.row));
  const inReview = new Set(plan.review.map((r) => r.rightKey));
  return rows.filter((r) => !settled.has(r) && !inReview.has(keyOf(r)));
}

/** Pairs that blocking on the village alone would give: persons × rows per village. */
export function villagePairs(
  persons: readonly { villageCode: string | null }[],
  rows: readonly SourceRow[],
): number {
  const perVillage = new Map<string, number>();
  for (const r of rows)
    if (r.villageCode) perVillage.set(r.villageCode, (perVillage.get(r.villageCode) ?? 0) + 1);
  let pairs = 0;
  for (const p of persons) if (p.villageCode) pairs += perVillage.get(p.villageCode) ?? 0;
  return pairs;
}

/** The plan with a second pass over some of its unlinked rows folded in. */
export function mergePlans(first: LinkPlan, second: LinkPlan, secondRows: number): LinkPlan {
  return {
    links: [...first.links, ...second.links],
    review: [...first.review, ...second.review],
    unlinked: first.unlinked - (secondRows - second.unlinked),
    linkedByReview: first.linkedByReview + second.linkedByReview,
  };
}

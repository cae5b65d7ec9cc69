/**
 * Match probabilities when a list is deduplicated (pure). Each pair's own posterior odds o = 2^weight say how
 * likely that pair matches taken alone; but when the left list is deduplicated a right record matches at most
 * one left record, so its candidates compete, and when the right list is deduplicated (per group: one program
 * list, one cooperative's register) a left record matches at most one right record of each group.
 *
 * The marginal match probability of each pair under those constraints is approximated by belief propagation
 * over the bipartite graph of candidate pairs (exact on a tree of candidates, e.g. one row with several
 * namesakes). With L and R the messages of the pair's left and right record — the chance the record is free of
 * its other candidates, relative to being taken —
 *
 *   R_ij = 1 / (1 + Σ_{l≠i} o_lj L_lj)        (over the other candidates of right record j)
 *   L_ij = 1 / (1 + Σ_{k≠j, same group} o_ik R_ik)
 *   p_ij = o_ij L_ij R_ij / (1 + o_ij L_ij R_ij)
 *
 * One pass from L = 1 gives p = o / (1 + o + the odds of the other candidates): two namesakes who both look like
 * one row share its probability (just under 0.5 each) instead of both reaching 1. Further passes add household
 * context: when the father's row carries his NIK, the son's row (same name, no NIK) is no longer split between
 * father and son, because the father is taken. Two pairs sharing a constrained record never both exceed 0.5.
 */

export interface MatchingInput {
  /** Pair weights (log2 posterior odds, prior included). */
  weight: Float64Array;
  left: Int32Array;
  right: Int32Array;
  count: number;
  /** A right record matches at most one left record (the left list is deduplicated). */
  leftDeduplicated: boolean;
  /** A left record matches at most one right record per group (the right list is deduplicated). */
  rightDeduplicated: boolean;
  /** Group of each right record (e.g. which list it came from); null = one group. */
  rightGroups?: Int32Array | null;
  /**
   * Prior odds, relative to the pairs' own prior, that a right record matches none of its candidates (default
   * 1, what the pairs' probabilities o / (1 + o) assume); below 1 when nearly every right record is known to
   * have its match in the left list. Likewise for a left record and a group.
   */
  rightNullOdds?: number;
  leftNullOdds?: number;
  /** Belief-propagation passes (default 20; stops earlier when the messages settle). */
  iterations?: number;
}

/** Weights are clamped to this many bits: odds stay far inside double range even when summed. */
const MAX_BITS = 400;

export function matchingProbabilities(input: MatchingInput, out: Float64Array): void {
  new Matcher(input).run(input.weight, input, out);
}

/**
 * The candidate graph of `matchingProbabilities` built once, for runs over the same pairs with other weights
 * (the engine's EM steps and final scoring): the constraint nodes and the work arrays are allocated once.
 */
export class Matcher {
  private readonly count: number;
  private readonly rightNode: Nodes | null;
  private readonly leftNode: Nodes | null;
  private readonly odds: Float64Array;
  private readonly L: Float64Array;
  private readonly R: Float64Array;
  private readonly term: Float64Array;
  private readonly scratch: Scratch;

  constructor(
    input: Pick<
      MatchingInput,
      'left' | 'right' | 'count' | 'leftDeduplicated' | 'rightDeduplicated' | 'rightGroups'
    >,
  ) {
    const { count, left, right } = input;
    this.count = count;
    // Constraint nodes: right records (when the left list is deduplicated) and (left record, group) pairs.
    this.rightNode = input.leftDeduplicated ? nodesOf(right, count) : null;
    this.leftNode = input.rightDeduplicated ? leftNodes(left, right, count, input.rightGroups ?? null) : null;
    this.odds = new Float64Array(count);
    this.L = new Float64Array(count);
    this.R = new Float64Array(count);
    this.term = new Float64Array(count);
    this.scratch = new Scratch(Math.max(this.leftNode?.nodes ?? 0, this.rightNode?.nodes ?? 0));
  }

  /** Match probabilities of the pairs under the constraints, given their weights (see matchingProbabilities). */
  run(
    weight: Float64Array,
    options: Pick<MatchingInput, 'leftNullOdds' | 'rightNullOdds' | 'iterations'>,
    out: Float64Array,
  ): void {
    const { count, odds, L, R, term, scratch, leftNode, rightNode } = this;
    for (let p = 0; p < count; p++)
      odds[p] = Math.pow(2, Math.max(-MAX_BITS, Math.min(MAX_BITS, weight[p]!)));
    const leftNull = options.leftNullOdds ?? 1;
    const rightNull = options.rightNullOdds ?? 1;
    L.fill(1);
    R.fill(1);
    const iterations = Math.max(1, options.iterations ?? 20);
    // Left messages from the right ones, then right from left; ending on the right messages keeps "a right
    // record's candidates never both exceed 0.5" exact whatever the number of passes.
    for (let iter = 0; iter < iterations; iter++) {
      let change = 0;
      if (leftNode) change = Math.max(change, cavity(leftNode, odds, R, term, count, L, leftNull, scratch));
      if (rightNode)
        change = Math.max(change, cavity(rightNode, odds, L, term, count, R, rightNull, scratch));
      // One kind of constraint only: one pass is exact.
      if (!rightNode || !leftNode || change < 1e-9) break;
    }
    for (let p = 0; p < count; p++) {
      const x = odds[p]! * L[p]! * R[p]!;
      out[p] = x / (1 + x);
    }
  }
}

/** Per-node work arrays of `cavity`, allocated once for all passes. */
class Scratch {
  readonly top: Int32Array;
  readonly rest: Float64Array;
  constructor(size: number) {
    this.top = new Int32Array(size);
    this.rest = new Float64Array(size);
  }
}

interface Nodes {
  node: Int32Array;
  nodes: number;
}

function nodesOf(node: Int32Array, count: number): Nodes {
  let nodes = 0;
  for (let p = 0; p < count; p++) nodes = Math.max(nodes, node[p]! + 1);
  return { node, nodes };
}

/**
 * For every pair: 1 / (nullOdds + the sum of the terms odds · other message over the other pairs of its node),
 * written to `message`; returns the largest change of a message. The node's largest term is kept apart so that
 * removing a pair's own term does not cancel digits when one pair dominates its node.
 */
function cavity(
  { node, nodes }: Nodes,
  odds: Float64Array,
  other: Float64Array,
  term: Float64Array,
  count: number,
  message: Float64Array,
  nullOdds: number,
  scratch: Scratch,
): number {
  const top = scratch.top.subarray(0, nodes).fill(-1);
  const rest = scratch.rest.subarray(0, nodes).fill(0);
  // One pass: each node's largest term (the first of equal ones) and the sum of the others.
  for (let p = 0; p < count; p++) {
    const x = odds[p]! * other[p]!;
    term[p] = x;
    const n = node[p]!;
    const t = top[n]!;
    if (t < 0) top[n] = p;
    else if (x > term[t]!) {
      rest[n]! += term[t]!;
      top[n] = p;
    } else rest[n]! += x;
  }
  let change = 0;
  for (let p = 0; p < count; p++) {
    const n = node[p]!;
    const t = top[n]!;
    const others = t === p ? rest[n]! : Math.max(0, rest[n]! - term[p]!) + term[t]!;
    const m = 1 / (nullOdds + others);
    const d = Math.abs(m - message[p]!);
    if (d > change) change = d;
    message[p] = m;
  }
  return change;
}

/** Node of each pair's left side: the left record, or the (left record, right group) pair. */
function leftNodes(left: Int32Array, right: Int32Array, count: number, groups: Int32Array | null): Nodes {
  if (!groups) return nodesOf(left, count);
  const node = new Int32Array(count);
  let groupCount = 0;
  for (let p = 0; p < count; p++) groupCount = Math.max(groupCount, groups[right[p]!]! + 1);
  const ids = new Map<number, number>();
  for (let p = 0; p < count; p++) {
    const key = left[p]! * groupCount + groups[right[p]!]!;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    node[p] = id;
  }
  return { node, nodes: ids.size };
}

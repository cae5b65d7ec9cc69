/**
 * Stratified cluster randomisation, reproducible from a seed (algorithm `entas-randomize/1`; any change to what
 * it outputs for a given input and seed needs a new version name, because published assignments are re-derived
 * from it).
 *
 * 1. Units are grouped by stratum; strata are taken in code-unit order of their value and the ids within a
 *    stratum sorted the same way, so the result depends on the set of (id, stratum) pairs, not on file order.
 * 2. Stratum s of n units with treated share p = a/b (exact) gets ⌊n·p⌋ treated units, plus one when it is
 *    drawn for an extra unit. Strata with a fractional remainder compete for the extras: as many extras are
 *    given as bring the total closest to N·p (a tie between floor and ceiling is decided by a coin), and the
 *    strata that get them are drawn without replacement with probability proportional to their remainder.
 *    So every stratum is exact (floor or ceiling of n·p) and the overall share is as close to p as possible.
 * 3. Within a stratum the sorted ids are shuffled (Fisher–Yates) with the stratum's own stream; the first ones
 *    are treated. With waves, the treated units are dealt to waves 1..K: each wave gets ⌊t/K⌋ of a stratum's
 *    t treated units and the t mod K remaining go, round-robin, to the waves of one random order of 1..K that
 *    runs on across strata — so wave sizes differ by at most one within every stratum and overall.
 *
 * Random numbers: sfc32 seeded by cyrb128 of `entas-randomize/1:<seed>` (src/shared/random.ts); each stratum's
 * stream is a fork labelled with its value, so one stratum's units never change another's draw.
 */
import { createRng, type Rng } from '../../shared/random.js';
import { say, UserError } from '../../shared/errors.js';

export const RANDOMIZE_ALGORITHM = 'entas-randomize/1';

/** A share as an exact fraction: numerator / denominator, 0 ≤ numerator ≤ denominator. */
export interface ExactShare {
  numerator: number;
  denominator: number;
  text: string;
}

export interface ClusterUnit {
  id: string;
  /** '' when the design has no strata. */
  stratum: string;
}

export interface RandomizeOptions {
  share: ExactShare;
  seed: string;
  /** Number of waves for a phased (stepped-wedge) roll-out of the treated units; null for none. */
  waves: number | null;
}

export type Arm = 'treatment' | 'control';

export interface UnitAssignment {
  arm: Arm;
  /** 1..K for treated units when waves are asked for, otherwise null. */
  wave: number | null;
}

export interface StratumSummary {
  stratum: string;
  clusters: number;
  treated: number;
  control: number;
  /** Treated units per wave 1..K (empty without waves). */
  waves: number[];
}

export interface Randomization {
  /** One per input unit, in input order. */
  assignments: UnitAssignment[];
  strata: StratumSummary[];
}

/** Parses a share written as a decimal from 0 to 1 ("0.5", ".25", "1") into an exact fraction. */
export function parseShare(raw: string, option = '--treated-share'): ExactShare {
  const match = /^(0|1)?(?:\.(\d{1,6}))?$/.exec(raw.trim());
  const decimals = match?.[2] ?? '';
  const denominator = 10 ** decimals.length;
  const numerator =
    match && raw.trim() !== '' ? Number(match[1] ?? '0') * denominator + Number(decimals || '0') : NaN;
  if (!(numerator >= 0 && numerator <= denominator))
    throw new UserError(
      say(
        `${option} must be a decimal from 0 to 1 with at most 6 decimals, e.g. 0.5 (got "${raw}")`,
        `${option} harus desimal dari 0 sampai 1 dengan paling banyak 6 angka desimal, mis. 0.5 (diberikan "${raw}")`,
      ),
      'invalid_option',
    );
  return { numerator, denominator, text: raw.trim() };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function randomize(units: readonly ClusterUnit[], options: RandomizeOptions): Randomization {
  const { share, waves } = options;
  if (waves !== null && !(Number.isInteger(waves) && waves >= 1 && waves <= 1000))
    throw new UserError(
      say(
        `--waves must be a whole number from 1 to 1000 (got ${waves})`,
        `--waves harus bilangan bulat 1 sampai 1000 (diberikan ${waves})`,
      ),
      'invalid_option',
    );
  const rng = createRng(`${RANDOMIZE_ALGORITHM}:${options.seed}`);
  const byStratum = new Map<string, number[]>();
  units.forEach((unit, index) => {
    const members = byStratum.get(unit.stratum);
    if (members) members.push(index);
    else byStratum.set(unit.stratum, [index]);
  });
  const strata = [...byStratum.keys()].sort(compare).map((stratum) => {
    const members = byStratum.get(stratum)!.sort((i, j) => compare(units[i]!.id, units[j]!.id));
    const product = members.length * share.numerator;
    return {
      stratum,
      members,
      treated: Math.floor(product / share.denominator),
      remainder: product % share.denominator,
    };
  });

  for (const s of drawExtras(strata, share.denominator, rng)) s.treated += 1;

  const waveOrder = waves === null ? [] : rng.shuffle(Array.from({ length: waves }, (_, i) => i + 1));
  let cursor = 0;
  const assignments = new Array<UnitAssignment>(units.length);
  const summaries: StratumSummary[] = [];
  for (const s of strata) {
    const shuffled = rng.fork(`stratum:${s.stratum}`).shuffle(s.members);
    const waveOf: number[] = [];
    const perWave: number[] = [];
    if (waves !== null) {
      const extra = new Set<number>();
      for (let i = 0; i < s.treated % waves; i++) extra.add(waveOrder[(cursor + i) % waves]!);
      cursor = (cursor + (s.treated % waves)) % waves;
      for (let w = 1; w <= waves; w++) {
        const size = Math.floor(s.treated / waves) + (extra.has(w) ? 1 : 0);
        perWave.push(size);
        for (let k = 0; k < size; k++) waveOf.push(w);
      }
    }
    shuffled.forEach((index, position) => {
      const treated = position < s.treated;
      assignments[index] = {
        arm: treated ? 'treatment' : 'control',
        wave: treated && waves !== null ? waveOf[position]! : null,
      };
    });
    summaries.push({
      stratum: s.stratum,
      clusters: s.members.length,
      treated: s.treated,
      control: s.members.length - s.treated,
      waves: perWave,
    });
  }
  return { assignments, strata: summaries };
}

/**
 * The strata that get one unit more than ⌊n·p⌋: as many as bring the total closest to N·p, drawn without
 * replacement with probability proportional to their remainder (n·a mod b).
 */
function drawExtras<T extends { remainder: number }>(strata: T[], denominator: number, rng: Rng): T[] {
  const total = strata.reduce((sum, s) => sum + s.remainder, 0);
  const whole = Math.floor(total / denominator);
  const left = total % denominator;
  const count =
    whole + (2 * left > denominator ? 1 : 2 * left === denominator ? (rng.chance(0.5) ? 1 : 0) : 0);
  const pool = strata.filter((s) => s.remainder > 0);
  const chosen: T[] = [];
  let weight = total;
  for (let k = 0; k < count; k++) {
    let x = rng.next() * weight;
    let pick = pool.length - 1;
    for (let i = 0; i < pool.length; i++) {
      x -= pool[i]!.remainder;
      if (x < 0) {
        pick = i;
        break;
      }
    }
    const [taken] = pool.splice(pick, 1);
    chosen.push(taken!);
    weight -= taken!.remainder;
  }
  return chosen;
}

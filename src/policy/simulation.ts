import type { CelHousehold } from './household-context.js';
import type { CompiledPolicy } from './policy-compiler.js';
import type { RuleOutcome } from './policy-evaluator.js';

/** Households, those in the eligible deciles, those reached, and the two targeting errors for one group. */
export interface GroupQuality {
  households: number;
  eligible: number;
  targeted: number;
  eligible_targeted: number;
  /** Share of eligible households not reached (0 when there are none). */
  exclusion_error: number;
  /** Share of reached households outside the eligible deciles (0 when none are reached). */
  inclusion_error: number;
}

type Counts = Record<string, number>;

export interface SimulationResult {
  policy: { id: string; version: number; as_of: string };
  households: number;
  by_treatment: Counts;
  by_rule: Counts;
  households_with_rule_errors: number;
  cost: {
    monthly: number;
    yearly: number;
    by_treatment: Record<string, { monthly: number; yearly: number }>;
  };
  quality: GroupQuality & { eligible_deciles: number[] };
  by_decile: Record<string, Counts>;
  by_province: Record<string, Counts>;
  by_regency: Record<string, Counts>;
  /** Kecamatan (PP.RR.DD) and village (PP.RR.DD.VVVV) levels: one entry per unit with households. */
  by_district: Record<string, Counts>;
  by_village: Record<string, Counts>;
  by_program: Record<string, Counts>;
  fairness: {
    head_sex: Record<'L' | 'P' | 'unknown', GroupQuality>;
    head_disability: Record<'yes' | 'no' | 'no_head', GroupQuality>;
    area: Record<'urban' | 'rural', GroupQuality>;
  };
}

/** An accumulator's raw counts, as plain data a worker thread can post (see counts and absorb). */
export interface AccumulatedCounts {
  households: number;
  withErrors: number;
  byRule: Int32Array;
  cube: Int32Array;
  villageCodes: string[];
  byVillage: Int32Array;
  byProgram: Array<[string, Int32Array]>;
}

interface GroupTally {
  households: number;
  eligible: number;
  targeted: number;
  eligibleTargeted: number;
}

const tally = (): GroupTally => ({ households: 0, eligible: 0, targeted: 0, eligibleTargeted: 0 });
const round = (x: number) => Math.round(x * 10000) / 10000;

function quality(t: GroupTally): GroupQuality {
  return {
    households: t.households,
    eligible: t.eligible,
    targeted: t.targeted,
    eligible_targeted: t.eligibleTargeted,
    exclusion_error: t.eligible ? round((t.eligible - t.eligibleTargeted) / t.eligible) : 0,
    inclusion_error: t.targeted ? round((t.targeted - t.eligibleTargeted) / t.targeted) : 0,
  };
}

/** Head sex × head disability × area × decile (0 = unknown): the cells every split is summed from. */
const SEX = ['L', 'P', 'unknown'] as const;
const DISABILITY = ['yes', 'no', 'no_head'] as const;
const AREA = ['urban', 'rural'] as const;
const DECILES = 11;

/**
 * Accumulates one policy's decisions over a stream of households into the simulation summary. Pure. Counts
 * live in typed arrays indexed by treatment — per village (regions are summed from villages at the end),
 * per program, and one cube of head sex × head disability × area × decile from which the decile breakdown,
 * targeting quality and fairness splits are derived — so adding a household is a few increments.
 */
export class SimulationAccumulator {
  private households = 0;
  private withErrors = 0;
  private readonly treatments: string[];
  private readonly treatmentIndex = new Map<string, number>();
  /** Treatment index of each rule, then of the default (last). */
  private readonly ruleTreatment: Int32Array;
  private readonly byRule: Int32Array;
  private readonly cube: Int32Array;
  private readonly villageIndex = new Map<string, number>();
  private readonly villageCodes: string[] = [];
  private byVillage: Int32Array;
  /** Village slot by the caller's village index (-1: not seen yet). */
  private slotByIndex = new Int32Array(1024).fill(-1);
  private readonly byProgram = new Map<string, Int32Array>();
  private readonly eligible: boolean[] = [];
  private readonly targeted: boolean[];
  private readonly ruleNames: string[];

  constructor(private readonly policy: CompiledPolicy) {
    const d = policy.definition;
    this.treatments = d.treatments.map((t) => t.code);
    for (const code of [...policy.rules.map((r) => r.treatment), d.default])
      if (!this.treatments.includes(code)) this.treatments.push(code);
    this.treatments.forEach((code, i) => this.treatmentIndex.set(code, i));
    const targetedCodes = new Set(d.treatments.filter((t) => t.targeted).map((t) => t.code));
    this.targeted = this.treatments.map((code) => targetedCodes.has(code));
    this.ruleTreatment = Int32Array.from([...policy.rules.map((r) => r.treatment), d.default], (code) =>
      this.treatmentIndex.get(code)!,
    );
    this.ruleNames = [...policy.rules.map((r) => r.id), 'default'];
    this.byRule = new Int32Array(this.ruleNames.length);
    const eligibleSet = new Set(d.eligibleDeciles);
    for (let k = 0; k < DECILES; k++) this.eligible.push(k > 0 && eligibleSet.has(k));
    this.cube = new Int32Array(3 * 3 * 2 * DECILES * this.treatments.length);
    this.byVillage = new Int32Array(1024 * this.treatments.length);
  }

  treatmentOf(outcome: RuleOutcome): string {
    return this.treatments[
      this.ruleTreatment[outcome.ruleIndex >= 0 ? outcome.ruleIndex : this.ruleNames.length - 1]!
    ]!;
  }

  isTargeted(treatment: string): boolean {
    return this.targeted[this.treatmentIndex.get(treatment) ?? -1] === true;
  }

  /**
   * Counts one household's decision. `villageIndex`, when given, is a dense number that stands for
   * h.village_code in every call that passes it (HouseholdData.villageIndex): the village's slot is then
   * found without hashing its code.
   */
  add(h: CelHousehold, outcome: RuleOutcome, villageIndex?: number): string {
    const T = this.treatments.length;
    const rule = outcome.ruleIndex >= 0 ? outcome.ruleIndex : this.ruleNames.length - 1;
    const t = this.ruleTreatment[rule]!;
    this.households++;
    if (outcome.errors) this.withErrors++;
    this.byRule[rule]!++;
    const decile = typeof h.decile === 'number' && h.decile >= 1 && h.decile <= 10 ? h.decile : 0;
    const head = h.head as Record<string, unknown> | undefined;
    const sex = head?.sex === 'L' ? 0 : head?.sex === 'P' ? 1 : 2;
    const disability = head ? (head.disability === true ? 0 : 1) : 2;
    const area = h.is_urban === true ? 0 : 1;
    this.cube[(((sex * 3 + disability) * 2 + area) * DECILES + decile) * T + t]!++;
    // The slot first: finding a new village may replace this.byVillage with a larger array, and
    // `this.byVillage[slotOf(…)]++` would read the old array before the slot and count into it (lost).
    const slot = this.slotOf(h.village_code as string, villageIndex);
    this.byVillage[slot * T + t]!++;
    for (const p of h.programs as string[]) this.programCounts(p)[t]!++;
    return this.treatments[t]!;
  }

  /** The counts so far, to be added into another accumulator of the same policy (see absorb). */
  counts(): AccumulatedCounts {
    const T = this.treatments.length;
    return {
      households: this.households,
      withErrors: this.withErrors,
      byRule: this.byRule.slice(),
      cube: this.cube.slice(),
      villageCodes: [...this.villageCodes],
      byVillage: this.byVillage.slice(0, this.villageCodes.length * T),
      byProgram: [...this.byProgram].map(([p, row]) => [p, row.slice()]),
    };
  }

  /** Adds the counts another accumulator of the same policy gathered (e.g. in a worker thread). */
  absorb(other: AccumulatedCounts): void {
    const T = this.treatments.length;
    this.households += other.households;
    this.withErrors += other.withErrors;
    other.byRule.forEach((n, i) => (this.byRule[i]! += n));
    other.cube.forEach((n, i) => (this.cube[i]! += n));
    other.villageCodes.forEach((code, v) => {
      const mine = this.villageSlot(code);
      for (let t = 0; t < T; t++) this.byVillage[mine * T + t]! += other.byVillage[v * T + t]!;
    });
    for (const [p, row] of other.byProgram) {
      const counts = this.programCounts(p);
      row.forEach((n, t) => (counts[t]! += n));
    }
  }

  /** Households per treatment among a program's recipients (a row created at first sight). */
  private programCounts(program: string): Int32Array {
    let counts = this.byProgram.get(program);
    if (!counts) this.byProgram.set(program, (counts = new Int32Array(this.treatments.length)));
    return counts;
  }

  private slotOf(code: string, index: number | undefined): number {
    if (index === undefined) return this.villageSlot(code);
    if (index >= this.slotByIndex.length) {
      const grown = new Int32Array(Math.max(index + 1, this.slotByIndex.length * 2)).fill(-1);
      grown.set(this.slotByIndex);
      this.slotByIndex = grown;
    }
    let slot = this.slotByIndex[index]!;
    if (slot < 0) this.slotByIndex[index] = slot = this.villageSlot(code);
    return slot;
  }

  private villageSlot(code: string): number {
    let v = this.villageIndex.get(code);
    if (v === undefined) {
      v = this.villageCodes.length;
      this.villageIndex.set(code, v);
      this.villageCodes.push(code);
      const T = this.treatments.length;
      if ((v + 1) * T > this.byVillage.length) {
        const grown = new Int32Array(this.byVillage.length * 2);
        grown.set(this.byVillage);
        this.byVillage = grown;
      }
    }
    return v;
  }

  /** Targeted households per village, for cooperative assignment. */
  targetedByVillage(): Array<[string, number]> {
    const T = this.treatments.length;
    const out: Array<[string, number]> = [];
    this.villageCodes.forEach((code, v) => {
      let n = 0;
      for (let t = 0; t < T; t++) if (this.targeted[t]) n += this.byVillage[v * T + t]!;
      if (n > 0) out.push([code, n]);
    });
    return out;
  }

  result(): SimulationResult {
    const d = this.policy.definition;
    const T = this.treatments.length;
    const counts = (row: ArrayLike<number>, offset = 0): Counts => {
      const out: Counts = {};
      for (let t = 0; t < T; t++) if (row[offset + t]) out[this.treatments[t]!] = row[offset + t]!;
      return out;
    };
    const byTreatmentRow = new Float64Array(T);
    const byDecileRows = Array.from({ length: DECILES }, () => new Float64Array(T));
    const headSex = { L: tally(), P: tally(), unknown: tally() };
    const headDisability = { yes: tally(), no: tally(), no_head: tally() };
    const areaTally = { urban: tally(), rural: tally() };
    const all = tally();
    for (let sex = 0; sex < 3; sex++)
      for (let dis = 0; dis < 3; dis++)
        for (let area = 0; area < 2; area++)
          for (let decile = 0; decile < DECILES; decile++)
            for (let t = 0; t < T; t++) {
              const n = this.cube[(((sex * 3 + dis) * 2 + area) * DECILES + decile) * T + t]!;
              if (n === 0) continue;
              byTreatmentRow[t]! += n;
              byDecileRows[decile]![t]! += n;
              const eligible = this.eligible[decile]!;
              const targeted = this.targeted[t]!;
              for (const g of [
                all,
                headSex[SEX[sex]!],
                headDisability[DISABILITY[dis]!],
                areaTally[AREA[area]!],
              ]) {
                g.households += n;
                if (eligible) g.eligible += n;
                if (targeted) g.targeted += n;
                if (eligible && targeted) g.eligibleTargeted += n;
              }
            }
    const byTreatment: Counts = {};
    for (const t of d.treatments) byTreatment[t.code] = 0;
    Object.assign(byTreatment, counts(byTreatmentRow));
    const byDecile: Record<string, Counts> = {};
    for (let decile = 1; decile <= DECILES; decile++) {
      const k = decile % DECILES; // 1–10, then unknown (0) last
      const c = counts(byDecileRows[k]!);
      if (Object.keys(c).length > 0) byDecile[k === 0 ? 'unknown' : String(k)] = c;
    }
    const levels = [2, 5, 8, 13].map(() => new Map<string, Float64Array>());
    this.villageCodes.forEach((code, v) => {
      const parts = code.split('.');
      const keys = [parts[0] ?? '', parts.slice(0, 2).join('.'), parts.slice(0, 3).join('.'), code];
      keys.forEach((key, level) => {
        let row = levels[level]!.get(key);
        if (!row) levels[level]!.set(key, (row = new Float64Array(T)));
        for (let t = 0; t < T; t++) row[t]! += this.byVillage[v * T + t]!;
      });
    });
    const [byProvince, byRegency, byDistrict, byVillage] = levels.map((m) =>
      Object.fromEntries([...m].map(([key, row]) => [key, counts(row)])),
    ) as [Record<string, Counts>, Record<string, Counts>, Record<string, Counts>, Record<string, Counts>];
    const byRule: Counts = {};
    this.ruleNames.forEach((name, i) => {
      if (this.byRule[i]) byRule[name] = this.byRule[i]!;
    });
    let monthly = 0;
    let yearly = 0;
    const costByTreatment: SimulationResult['cost']['by_treatment'] = {};
    for (const t of d.treatments) {
      const n = byTreatment[t.code] ?? 0;
      const m = n * t.monthlyCost;
      const y = m * 12 + n * t.oneOffCost;
      costByTreatment[t.code] = { monthly: m, yearly: y };
      monthly += m;
      yearly += y;
    }
    const map = <K extends string>(o: Record<K, GroupTally>) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, quality(v as GroupTally)])) as Record<
        K,
        GroupQuality
      >;
    return {
      policy: { id: d.id, version: d.version, as_of: d.asOf },
      households: this.households,
      by_treatment: byTreatment,
      by_rule: byRule,
      households_with_rule_errors: this.withErrors,
      cost: { monthly, yearly, by_treatment: costByTreatment },
      quality: { eligible_deciles: d.eligibleDeciles, ...quality(all) },
      by_decile: byDecile,
      by_province: byProvince,
      by_regency: byRegency,
      by_district: byDistrict,
      by_village: byVillage,
      by_program: Object.fromEntries([...this.byProgram].map(([p, row]) => [p, counts(row)])),
      fairness: {
        head_sex: map(headSex),
        head_disability: map(headDisability),
        area: map(areaTally),
      },
    };
  }
}

/** How two policies differ over the same households: counts side by side and who moves where. */
export interface PolicyComparison {
  by_treatment: Record<string, { policy: number; other: number; difference: number }>;
  households_changed: number;
  transitions: Record<string, number>;
  cost_difference: { monthly: number; yearly: number };
  exclusion_error_difference: number;
  inclusion_error_difference: number;
}

export function compareSimulations(
  a: SimulationResult,
  b: SimulationResult,
  transitions: Record<string, number>,
): PolicyComparison {
  const codes = new Set([...Object.keys(a.by_treatment), ...Object.keys(b.by_treatment)]);
  const byTreatment: PolicyComparison['by_treatment'] = {};
  for (const c of [...codes].sort()) {
    const x = a.by_treatment[c] ?? 0;
    const y = b.by_treatment[c] ?? 0;
    byTreatment[c] = { policy: x, other: y, difference: y - x };
  }
  let changed = 0;
  for (const [k, n] of Object.entries(transitions)) {
    const [from, to] = k.split(' -> ');
    if (from !== to) changed += n;
  }
  return {
    by_treatment: byTreatment,
    households_changed: changed,
    transitions,
    cost_difference: { monthly: b.cost.monthly - a.cost.monthly, yearly: b.cost.yearly - a.cost.yearly },
    exclusion_error_difference: round(b.quality.exclusion_error - a.quality.exclusion_error),
    inclusion_error_difference: round(b.quality.inclusion_error - a.quality.inclusion_error),
  };
}

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

const bump = (counts: Counts, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};
const nested = (map: Record<string, Counts>, key: string): Counts => (map[key] ??= {});

/** Accumulates one policy's decisions over a stream of households into the simulation summary. Pure. */
export class SimulationAccumulator {
  private households = 0;
  private withErrors = 0;
  private readonly byTreatment: Counts = {};
  private readonly byRule: Counts = {};
  private readonly byDecile: Record<string, Counts> = {};
  private readonly byProvince: Record<string, Counts> = {};
  private readonly byRegency: Record<string, Counts> = {};
  private readonly byDistrict: Record<string, Counts> = {};
  private readonly byVillage: Record<string, Counts> = {};
  private readonly byProgram: Record<string, Counts> = {};
  private readonly all = tally();
  private readonly headSex = { L: tally(), P: tally(), unknown: tally() };
  private readonly headDisability = { yes: tally(), no: tally(), no_head: tally() };
  private readonly area = { urban: tally(), rural: tally() };
  private readonly eligible: Set<number>;
  private readonly targetedCodes: Set<string>;
  private readonly ruleNames: string[];

  constructor(private readonly policy: CompiledPolicy) {
    this.eligible = new Set(policy.definition.eligibleDeciles);
    this.targetedCodes = new Set(policy.definition.treatments.filter((t) => t.targeted).map((t) => t.code));
    this.ruleNames = policy.rules.map((r) => r.id);
    for (const t of policy.definition.treatments) this.byTreatment[t.code] = 0;
  }

  treatmentOf(outcome: RuleOutcome): string {
    return outcome.ruleIndex >= 0
      ? this.policy.rules[outcome.ruleIndex]!.treatment
      : this.policy.definition.default;
  }

  isTargeted(treatment: string): boolean {
    return this.targetedCodes.has(treatment);
  }

  add(h: CelHousehold, outcome: RuleOutcome): string {
    const treatment = this.treatmentOf(outcome);
    this.households++;
    if (outcome.errors) this.withErrors++;
    bump(this.byTreatment, treatment);
    bump(this.byRule, outcome.ruleIndex >= 0 ? this.ruleNames[outcome.ruleIndex]! : 'default');
    const decile = typeof h.decile === 'number' ? h.decile : null;
    bump(nested(this.byDecile, decile === null ? 'unknown' : String(decile)), treatment);
    bump(nested(this.byProvince, h.province_code as string), treatment);
    bump(nested(this.byRegency, h.regency_code as string), treatment);
    bump(nested(this.byDistrict, h.district_code as string), treatment);
    bump(nested(this.byVillage, h.village_code as string), treatment);
    for (const p of h.programs as string[]) bump(nested(this.byProgram, p), treatment);
    const eligible = decile !== null && this.eligible.has(decile);
    const targeted = this.targetedCodes.has(treatment);
    const head = h.head as Record<string, unknown> | undefined;
    const sex = head?.sex === 'L' || head?.sex === 'P' ? head.sex : 'unknown';
    const groups = [
      this.all,
      this.headSex[sex],
      this.headDisability[head ? (head.disability === true ? 'yes' : 'no') : 'no_head'],
      this.area[h.is_urban === true ? 'urban' : 'rural'],
    ];
    for (const g of groups) {
      g.households++;
      if (eligible) g.eligible++;
      if (targeted) g.targeted++;
      if (eligible && targeted) g.eligibleTargeted++;
    }
    return treatment;
  }

  result(): SimulationResult {
    const d = this.policy.definition;
    let monthly = 0;
    let yearly = 0;
    const costByTreatment: SimulationResult['cost']['by_treatment'] = {};
    for (const t of d.treatments) {
      const n = this.byTreatment[t.code] ?? 0;
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
      by_treatment: this.byTreatment,
      by_rule: this.byRule,
      households_with_rule_errors: this.withErrors,
      cost: { monthly, yearly, by_treatment: costByTreatment },
      quality: { eligible_deciles: d.eligibleDeciles, ...quality(this.all) },
      by_decile: this.byDecile,
      by_province: this.byProvince,
      by_regency: this.byRegency,
      by_district: this.byDistrict,
      by_village: this.byVillage,
      by_program: this.byProgram,
      fairness: {
        head_sex: map(this.headSex),
        head_disability: map(this.headDisability),
        area: map(this.area),
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

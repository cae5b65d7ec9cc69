import type { Rng } from '../shared/random.js';

/**
 * Who receives a social program in the demo. Eligibility (which deciles) comes from the `programs` table;
 * how far delivery follows it is modelled here: within the eligible deciles the poorest are covered best
 * (coverage falls linearly from `coverage` at the poorest eligible decile to half of it at the richest), and
 * households just above the cut-off still receive with probability `leakage`, falling by half per decile.
 * Recipients are chosen on the PREVIOUS DTSEN snapshot, as real lists are, so decile moves since then add
 * inclusion and exclusion errors against the current snapshot.
 *
 * Shares are rough public orders of magnitude: PKH ~10 M of ~94 M families, needs a component (young child,
 * schoolchild, elderly, disabled); Sembako/BPNT ~18.8 M families; PBI-JK ~96.8 M people.
 */
export interface ProgramRule {
  code: string;
  unit: 'household' | 'person';
  eligibleDeciles: readonly number[];
  monthlyBenefit: number | null;
}

export interface DeliveryModel {
  coverage: number;
  leakage: number;
  /** PKH only pays families with at least one component. */
  needsComponent: boolean;
  /** Months one payment covers (PKH pays per quarter, tahap). */
  monthsPerPayment: number;
}

export const DELIVERY_MODELS: Readonly<Record<string, DeliveryModel>> = {
  PKH: { coverage: 0.62, leakage: 0.05, needsComponent: true, monthsPerPayment: 3 },
  BPNT: { coverage: 0.78, leakage: 0.07, needsComponent: false, monthsPerPayment: 1 },
  'PBI-JK': { coverage: 0.9, leakage: 0.12, needsComponent: false, monthsPerPayment: 1 },
};

/** Programs the demo generates recipient lists for (when present and active in the programs table). */
export const DEMO_PROGRAMS = Object.keys(DELIVERY_MODELS);

/** Probability that a household of `decile` (1–10) is on the program's list. */
export function receiptProbability(rule: ProgramRule, model: DeliveryModel, decile: number): number {
  const eligible = [...rule.eligibleDeciles].sort((a, b) => a - b);
  if (eligible.length === 0) return 0;
  const position = eligible.indexOf(decile);
  if (position >= 0) {
    const span = eligible.length > 1 ? position / (eligible.length - 1) : 0;
    return model.coverage * (1 - 0.5 * span);
  }
  const above = decile - eligible[eligible.length - 1]!;
  if (above <= 0) return model.leakage; // a gap inside the list: treat as just outside
  return model.leakage * Math.pow(0.5, above - 1);
}

/** PKH components (komponen) of a family and their yearly rupiah amounts (2024–26 guidance). */
export const PKH_COMPONENT_RUPIAH: Readonly<Record<string, number>> = {
  ibu_hamil: 3_000_000,
  anak_usia_dini: 3_000_000,
  anak_sd: 900_000,
  anak_smp: 1_500_000,
  anak_sma: 2_000_000,
  lansia: 2_400_000,
  disabilitas_berat: 2_400_000,
};

/** Counts PKH components for members aged `ages` (with disability flags); at most four people are counted. */
export function pkhComponents(
  members: readonly { age: number; disability: boolean }[],
): Record<string, number> {
  const components: Record<string, number> = {};
  let counted = 0;
  const add = (key: string) => {
    if (counted >= 4) return;
    components[key] = (components[key] ?? 0) + 1;
    counted++;
  };
  for (const m of members) {
    if (m.disability) add('disabilitas_berat');
    else if (m.age >= 70) add('lansia');
    else if (m.age <= 6) add('anak_usia_dini');
    else if (m.age <= 12) add('anak_sd');
    else if (m.age <= 15) add('anak_smp');
    else if (m.age <= 18) add('anak_sma');
  }
  return components;
}

/** Rupiah paid per payment for a PKH family: the yearly component amounts for the months one payment covers. */
export function pkhPayment(components: Record<string, number>, months: number): number {
  let yearly = 0;
  for (const [key, count] of Object.entries(components)) yearly += (PKH_COMPONENT_RUPIAH[key] ?? 0) * count;
  return Math.round((yearly * months) / 12);
}

export function decideReceipt(rng: Rng, rule: ProgramRule, model: DeliveryModel, decile: number): boolean {
  return rng.chance(receiptProbability(rule, model, decile));
}

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildHouseholdContext, type HouseholdData } from './household-context.js';
import { compilePolicy } from './policy-compiler.js';
import { decide } from './policy-evaluator.js';
import { SimulationAccumulator } from './simulation.js';

const policy = compilePolicy(fs.readFileSync('policies/default.yaml', 'utf8')).policy!;
const VILLAGES = ['53.01.05.1001', '53.01.05.2003', '53.71.01.1002'];

const households: HouseholdData[] = Array.from({ length: 60 }, (_, i) => ({
  id: i + 1,
  villageCode: VILLAGES[i % 3]!,
  villageKind: i % 3 === 0 ? 'kelurahan' : 'desa',
  decile: i % 11 === 0 ? null : 1 + (i % 10),
  pmtScore: null,
  extremePoor: null,
  members: [],
  summary: {
    size: 1 + (i % 4),
    productive: i % 4,
    elderly: 0,
    children: 0,
    disabled: 0,
    head:
      i % 7 === 0
        ? null
        : {
            birthDate: 19800101,
            sex: i % 2 ? 'L' : 'P',
            relation: 1,
            disability: i % 5 === 0,
            occupation: null,
            education: null,
          },
  },
  programs: i % 3 === 1 ? ['PKH'] : [],
  isCoopMember: false,
  cooperative: null,
  village: null,
}));

describe('SimulationAccumulator', () => {
  it('counts the same whether the caller numbers villages or not, and across absorbed workers', () => {
    const plain = new SimulationAccumulator(policy);
    const numbered = new SimulationAccumulator(policy);
    const worker = new SimulationAccumulator(policy);
    households.forEach((data, i) => {
      const h = buildHouseholdContext(data, policy.definition.asOf);
      const outcome = decide(policy, h);
      plain.add(h, outcome);
      // Numbers in another order than first appearance, and some households without one.
      const index = i % 4 === 0 ? undefined : 2 - (i % 3);
      (i < 30 ? numbered : worker).add(h, outcome, index);
    });
    numbered.absorb(worker.counts());
    expect(numbered.result()).toEqual(plain.result());
    expect(numbered.targetedByVillage().sort()).toEqual(plain.targetedByVillage().sort());
    expect(Object.keys(plain.result().by_village).sort()).toEqual([...VILLAGES].sort());
  });
});

/** A household in one of up to 3,000 villages spread over regencies and districts of two provinces. */
const householdArbitrary = fc.record({
  village: fc.integer({ min: 0, max: 2999 }),
  template: fc.integer({ min: 0, max: households.length - 1 }),
  decile: fc.option(fc.integer({ min: 1, max: 10 }), { nil: null }),
  numbered: fc.boolean(),
});

function villageCode(n: number): string {
  const province = n % 2 ? '53' : '52';
  const regency = String(1 + (n % 7)).padStart(2, '0');
  const district = String(1 + (n % 13)).padStart(2, '0');
  return `${province}.${regency}.${district}.${String(1000 + n)}`;
}

/** Per treatment, the sum of a breakdown's groups. */
function sumOf(groups: Record<string, Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of Object.values(groups))
    for (const [treatment, n] of Object.entries(counts)) out[treatment] = (out[treatment] ?? 0) + n;
  return out;
}

const nonZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n));

describe('simulation breakdowns', () => {
  it('every breakdown adds up to the total, however households are split over workers (property)', () => {
    fc.assert(
      fc.property(
        fc.array(householdArbitrary, { minLength: 1, maxLength: 2500, size: 'max' }),
        fc.integer({ min: 1, max: 4 }),
        (drawn, workers) => {
          const parts = Array.from({ length: workers }, () => new SimulationAccumulator(policy));
          drawn.forEach((d, i) => {
            const data = {
              ...households[d.template]!,
              id: i + 1,
              villageCode: villageCode(d.village),
              decile: d.decile,
            };
            const h = buildHouseholdContext(data, policy.definition.asOf);
            parts[i % workers]!.add(h, decide(policy, h), d.numbered ? d.village : undefined);
          });
          const total = new SimulationAccumulator(policy);
          for (const part of parts) total.absorb(part.counts());
          const r = total.result();
          expect(r.households).toBe(drawn.length);
          const byTreatment = nonZero(r.by_treatment);
          expect(Object.values(byTreatment).reduce((a, b) => a + b, 0)).toBe(drawn.length);
          for (const breakdown of [r.by_decile, r.by_province, r.by_regency, r.by_district, r.by_village])
            expect(sumOf(breakdown)).toEqual(byTreatment);
          expect(Object.values(r.by_rule).reduce((a, b) => a + b, 0)).toBe(drawn.length);
          for (const split of Object.values(r.fairness))
            expect(Object.values(split).reduce((a, g) => a + g.households, 0)).toBe(drawn.length);
          expect(Object.keys(r.by_village)).toHaveLength(new Set(drawn.map((d) => d.village)).size);
        },
      ),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('keeps the household that brings the 1,025th and 2,049th village (their slots grow the table)', () => {
    const acc = new SimulationAccumulator(policy);
    for (let v = 0; v < 2100; v++) {
      const h = buildHouseholdContext(
        { ...households[v % households.length]!, villageCode: villageCode(v) },
        policy.definition.asOf,
      );
      acc.add(h, decide(policy, h), v % 2 ? v : undefined);
    }
    const r = acc.result();
    expect(r.households).toBe(2100);
    expect(Object.values(sumOf(r.by_province)).reduce((a, b) => a + b, 0)).toBe(2100);
    expect(Object.values(sumOf(r.by_village)).reduce((a, b) => a + b, 0)).toBe(2100);
  });
});

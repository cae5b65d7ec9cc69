import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
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

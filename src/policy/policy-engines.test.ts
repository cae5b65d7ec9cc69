import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHouseholdContext, toCelValue, type HouseholdData } from './household-context.js';
import { compilePolicy, type CompiledPolicy } from './policy-compiler.js';
import { decide, evaluateHousehold } from './policy-evaluator.js';

/** Conditions covering every construct the fast compiler handles, plus ones it must leave to cel-js. */
const CONDITIONS = [
  'household.decile <= params.cut && household.productive_members >= 1',
  'household.decile <= 2 || household.size > 4',
  '!(household.decile > 3) && has(household.head)',
  'has(household.head) && household.head.disability',
  'household.head.sex == "P"',
  'household.members.exists(m, m.age >= 60 && m.disability)',
  'household.members.all(m, m.age < 70)',
  'household.members.exists_one(m, m.relation == 1)',
  'household.members.filter(m, m.age < 18).size() >= 2',
  'size(household.members.map(m, m.relation)) == household.size',
  '"PKH" in household.programs || household.programs.exists(p, p in params.progs)',
  'household.decile in [1, 3, 5]',
  'household.children * 2 - 1 > household.productive_members',
  '(household.decile < 5 ? household.size : -household.size) > 2',
  'household.village_code.startsWith("53.01") && household.district_code.endsWith("05")',
  'household.members[0].age > 30',
  'household.pmt_score > 1.5',
  'household.extreme_poor || has(household.extreme_poor) && household.decile <= 2',
  'household.head != null && household.head.age >= 60',
  'household.head == null || null == household.cooperative',
  'household.members.exists(m, m.age != null && m.age < 5) && null != household.head',
  'household.decile / 2 == 1', // division: reference engine only
  'int(household.pmt_score) >= 1', // conversion: reference engine only
];

function policyFor(condition: string): CompiledPolicy {
  const text = `id: engines
version: 1
as_of: 2026-07-01
eligible_deciles: [1, 2]
parameters: {cut: 3, progs: [BPNT]}
treatments:
  - {code: A, label: {id: a, en: a}}
  - {code: B, label: {id: b, en: b}}
rules:
  - treatment: A
    when: '${condition.replace(/'/g, "''")}'
    reason: {id: r, en: r}
default: B
`;
  const { policy, diagnostics } = compilePolicy(text);
  if (!policy) throw new Error(`${condition}: ${JSON.stringify(diagnostics)}`);
  return policy;
}

const memberArb = fc.record({
  birthDate: fc.option(
    fc
      .date({ min: new Date('1930-01-01'), max: new Date('2026-06-30'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    { freq: 8 },
  ),
  sex: fc.constantFrom('L' as const, 'P' as const, null),
  relation: fc.option(fc.integer({ min: 1, max: 11 }), { freq: 8 }),
  disability: fc.boolean(),
  occupation: fc.constant(null),
  education: fc.constant(null),
});

const householdArb = fc.record({
  id: fc.integer({ min: 1, max: 1000 }),
  villageCode: fc.constantFrom('53.01.05.1001', '53.01.05.2003', '11.01.01.2001'),
  villageKind: fc.constantFrom('desa', 'kelurahan', null),
  decile: fc.option(fc.integer({ min: 1, max: 10 }), { freq: 6 }),
  pmtScore: fc.option(fc.double({ min: 0, max: 3, noNaN: true }), { freq: 3 }),
  extremePoor: fc.option(fc.boolean(), { freq: 3 }),
  members: fc.array(memberArb, { maxLength: 6 }),
  programs: fc.subarray(['BPNT', 'PIP', 'PKH']),
  isCoopMember: fc.boolean(),
  cooperative: fc.constant(null),
  village: fc.constant(null),
}) as fc.Arbitrary<HouseholdData>;

type Result = { ok: true; value: unknown } | { ok: false };

function run(fn: () => unknown): Result {
  try {
    return { ok: true, value: fn() };
  } catch {
    return { ok: false };
  }
}

describe('fast closures and the reference CEL evaluator agree', () => {
  it.each(CONDITIONS)('%s', (condition) => {
    const policy = policyFor(condition);
    const rule = policy.rules[0]!;
    const referenceOnly = condition.includes('/') || condition.startsWith('int(');
    expect(rule.fast === null).toBe(referenceOnly);
    fc.assert(
      fc.property(householdArb, (data) => {
        const h = buildHouseholdContext(data, '2026-07-01');
        const reference = run(() => rule.test({ household: toCelValue(h), params: policy.params }));
        const fast = rule.fast ? run(() => rule.fast!(h)) : reference;
        expect(fast).toEqual(reference);
        expect(decide(policy, h, 'fast').ruleIndex).toBe(decide(policy, h, 'reference').ruleIndex);
      }),
      { numRuns: 300, seed: 20260701 },
    );
  });

  it('runs the default policy identically on both engines', () => {
    const policy = compilePolicy(fs.readFileSync('policies/default.yaml', 'utf8')).policy!;
    fc.assert(
      fc.property(householdArb, (data) => {
        const h = buildHouseholdContext(data, policy.definition.asOf);
        expect(evaluateHousehold(policy, h, 'fast')).toEqual(evaluateHousehold(policy, h, 'reference'));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('first match wins', () => {
  const text = `id: order
version: 1
as_of: 2026-07-01
eligible_deciles: [1]
treatments:
  - {code: FIRST, label: {id: a, en: a}}
  - {code: SECOND, label: {id: b, en: b}}
  - {code: NONE, label: {id: c, en: c}}
rules:
  - {id: small, treatment: FIRST, when: 'household.size <= 2', reason: {id: kecil, en: small}}
  - {id: poor, treatment: SECOND, when: 'household.decile == 1', reason: {id: miskin, en: poor}}
default: NONE
default_reason: {id: lain, en: other}
`;
  const policy = compilePolicy(text).policy!;
  const ctx = (decile: number | null, size: number) =>
    buildHouseholdContext(
      {
        id: 1,
        villageCode: '53.01.05.2003',
        villageKind: 'desa',
        decile,
        pmtScore: null,
        extremePoor: null,
        members: Array.from({ length: size }, () => ({
          birthDate: '1990-01-01',
          sex: 'L' as const,
          relation: 4,
          disability: false,
          occupation: null,
          education: null,
        })),
        programs: [],
        isCoopMember: false,
        cooperative: null,
        village: null,
      },
      '2026-07-01',
    );

  it('the earlier rule decides when both match, and the decision records the fields read', () => {
    expect(evaluateHousehold(policy, ctx(1, 2))).toEqual({
      treatment: 'FIRST',
      ruleIndex: 0,
      ruleId: 'small',
      reason: { id: 'kecil', en: 'small' },
      inputs: { size: 2 },
      errors: null,
    });
    expect(evaluateHousehold(policy, ctx(1, 3))).toMatchObject({
      treatment: 'SECOND',
      ruleId: 'poor',
      inputs: { size: 3, decile: 1 },
    });
    expect(evaluateHousehold(policy, ctx(4, 3))).toMatchObject({
      treatment: 'NONE',
      ruleIndex: null,
      reason: { en: 'other' },
    });
  });

  it('a rule that cannot be evaluated does not match, and the error is kept', () => {
    const d = evaluateHousehold(policy, ctx(null, 3));
    expect(d).toMatchObject({ treatment: 'NONE', inputs: { size: 3, decile: null } });
    expect(d.errors).toEqual([{ rule: 'poor', message: 'No such key: decile' }]);
  });
});

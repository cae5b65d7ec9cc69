import { describe, expect, it } from 'vitest';
import { createPolicyEnvironment } from './context-schema.js';
import { buildHouseholdContext, type HouseholdData } from './household-context.js';
import { rewriteNullComparisons } from './null-comparison.js';
import { compilePolicy } from './policy-compiler.js';
import { decide } from './policy-evaluator.js';

const env = createPolicyEnvironment({});
const rewrite = (text: string) => rewriteNullComparisons(text, env.parse(text).ast);

const policyText = (when: string) => `id: nulls
version: 1
as_of: 2026-07-01
eligible_deciles: [1, 2]
treatments:
  - {code: A, label: {id: a, en: a}}
  - {code: B, label: {id: b, en: b}}
rules:
  - treatment: A
    when: '${when}'
    reason: {id: r, en: r}
default: B
`;

const household = (headRelation: number | null): HouseholdData => ({
  id: 1,
  villageCode: '53.01.05.2003',
  villageKind: 'desa',
  decile: 1,
  pmtScore: null,
  extremePoor: null,
  members: [
    {
      birthDate: '1950-01-01',
      sex: 'P',
      relation: headRelation,
      disability: false,
      occupation: null,
      education: null,
    },
  ],
  programs: [],
  isCoopMember: false,
  cooperative: null,
  village: null,
});

describe('comparing a context field with null', () => {
  it('rewrites field-to-null comparisons to presence tests and maps offsets back', () => {
    const r = rewrite('household.head != null && null == household.cooperative || household.size > 1')!;
    expect(r.text).toBe('(has(household.head)) && (!has(household.cooperative)) || household.size > 1');
    // "household.size" starts at 59 in the original and at 58 in the rewrite.
    expect(r.text.indexOf('household.size')).toBe(58);
    expect(r.originalOffset(58)).toBe(59);
    expect(r.originalOffset(3)).toBe(0); // inside a replacement → its start
    expect(rewrite('household.size > 1')).toBeNull();
    expect(rewrite('household == null')).toBeNull(); // not a field: left to the type check
  });

  it('policy validate accepts `household.head != null` and `== null`', () => {
    for (const when of ['household.head != null', 'household.head == null', 'null != household.village']) {
      const { policy, diagnostics } = compilePolicy(policyText(when));
      expect(
        diagnostics.filter((d) => d.severity === 'error'),
        when,
      ).toEqual([]);
      expect(policy).not.toBeNull();
    }
  });

  it.each([
    ['household.head != null && household.head.age >= 60', true, false],
    ['household.head == null', false, true],
    ['null == household.head || household.head.sex == "L"', false, true],
  ])('%s: head present → %s, absent → %s, on both engines', (when, withHead, withoutHead) => {
    const policy = compilePolicy(policyText(when)).policy!;
    for (const engine of ['fast', 'reference'] as const) {
      const present = decide(policy, buildHouseholdContext(household(1), '2026-07-01'), engine);
      const absent = decide(policy, buildHouseholdContext(household(3), '2026-07-01'), engine);
      expect(present.ruleIndex === 0, `${engine} with head`).toBe(withHead);
      expect(absent.ruleIndex === 0, `${engine} without head`).toBe(withoutHead);
    }
    expect(policy.rules[0]!.fast).not.toBeNull();
  });

  it('errors elsewhere in a rewritten condition point at the original text', () => {
    const { diagnostics } = compilePolicy(policyText('household.head != null && household.income > 5'));
    // line 10 is "    when: '…'": the condition starts at column 12; "income" is 36 characters in.
    expect(diagnostics.find((d) => d.severity === 'error')).toMatchObject({
      code: 'unknown_field',
      line: 10,
      col: 48,
    });
  });

  it('comparing a whole message with null is still a type error', () => {
    const { diagnostics } = compilePolicy(policyText('household == null'));
    expect(diagnostics.find((d) => d.severity === 'error')).toMatchObject({ code: 'cel_type' });
  });
});

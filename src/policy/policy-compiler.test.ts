import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPolicyEnvironment } from './context-schema.js';
import { compilePolicy, readsMemberList } from './policy-compiler.js';

/** A valid policy; tests swap one line to break it and check where the error is reported. */
const lines = (rules: string[], extra: string[] = []) =>
  [
    'id: test-policy', // 1
    'version: 2', // 2
    'as_of: 2026-07-01', // 3
    'eligible_deciles: [1, 2, 3]', // 4
    'parameters:', // 5
    '  max_decile: 3', // 6
    'treatments:', // 7
    '  - code: BANTU', // 8
    '    label: {id: Bantu, en: Help}', // 9
    '    monthly_cost: 1000', // 10
    '  - code: TIDAK', // 11
    '    label: {id: Tidak, en: No}', // 12
    '    targeted: false', // 13
    'default: TIDAK', // 14
    'rules:', // 15
    ...rules, // 16…
    ...extra,
  ].join('\n');

const rule = (when: string, treatment = 'BANTU', id?: string) => [
  `  - treatment: ${treatment}`,
  ...(id ? [`    id: ${id}`] : []),
  `    when: ${when}`,
  '    reason: {id: Alasan, en: Reason}',
];

const errorsOf = (text: string) => compilePolicy(text).diagnostics.filter((d) => d.severity === 'error');

describe('readsMemberList', () => {
  it('is true only when a condition can see the member list', () => {
    const env = createPolicyEnvironment({});
    const reads = (expr: string) => readsMemberList(env.parse(expr).ast);
    expect(reads('household.members.exists(m, m.age > 60)')).toBe(true);
    expect(reads('size(household.members) > 2')).toBe(true);
    expect(reads('has(household.members)')).toBe(true);
    expect(reads('[household].exists(h, h.size > 2)')).toBe(true); // the whole household as a value
    expect(reads('household.head.disability && household.productive_members > 0')).toBe(false);
    expect(reads('household.size > 2 && household.cooperative.members > 10')).toBe(false);
  });
});

describe('readsCoopMembership', () => {
  it('is true only when a rule can read cooperative membership', () => {
    const text = fs.readFileSync('policies/default.yaml', 'utf8');
    expect(compilePolicy(text).policy!.readsCoopMembership).toBe(false);
    const reading = text.replace(
      'when: has(household.decile) && household.decile <= params.eligible_max_decile\n',
      'when: has(household.decile) && household.decile <= params.eligible_max_decile && !household.is_coop_member\n',
    );
    expect(reading).not.toBe(text);
    expect(compilePolicy(reading).policy!.readsCoopMembership).toBe(true);
  });
});

describe('policy compiler', () => {
  it('accepts a valid policy and reads its parts', () => {
    const { policy, diagnostics } = compilePolicy(lines(rule('household.decile <= params.max_decile')));
    expect(diagnostics).toEqual([]);
    expect(policy?.definition).toMatchObject({
      id: 'test-policy',
      version: 2,
      asOf: '2026-07-01',
      default: 'TIDAK',
      eligibleDeciles: [1, 2, 3],
    });
    expect(policy?.definition.treatments[0]).toEqual({
      code: 'BANTU',
      label: { id: 'Bantu', en: 'Help' },
      monthlyCost: 1000,
      oneOffCost: 0,
      targeted: true,
    });
    expect(policy?.definition.treatments[1]?.targeted).toBe(false);
    expect(policy?.rules[0]).toMatchObject({ id: 'rule-1', reads: ['decile'] });
    expect(policy?.rules[0]?.fast).not.toBeNull();
  });

  it('ships a default policy that validates without warnings', () => {
    const { policy, diagnostics } = compilePolicy(fs.readFileSync('policies/default.yaml', 'utf8'));
    expect(diagnostics).toEqual([]);
    expect(policy?.rules.map((r) => r.treatment)).toEqual([
      'PERLINDUNGAN',
      'PERLINDUNGAN',
      'ANGGOTA_MODAL_PENDAMPINGAN',
      'ANGGOTA_SIMPANAN',
      'TINJAU_GRADUASI',
    ]);
    for (const r of policy?.rules ?? []) expect(r.reason.id && r.reason.en).toBeTruthy();
  });

  it('locates an unknown field to its line and column', () => {
    const errors = errorsOf(lines(rule('household.decile <= 3 && household.income > 5')));
    expect(errors).toHaveLength(1);
    // line 17 is "    when: household.decile <= 3 && household.income > 5"; "income" starts at column 41.
    expect(errors[0]).toMatchObject({ code: 'unknown_field', line: 17, col: 46, path: 'rules[0].when' });
  });

  it('locates errors inside a literal block condition', () => {
    const text = lines([
      '  - treatment: BANTU',
      '    when: |',
      '      household.decile <= 3 &&',
      '        household.sise > 1',
      '    reason: {id: A, en: B}',
    ]);
    expect(errorsOf(text)[0]).toMatchObject({ code: 'unknown_field', line: 19, col: 19 });
  });

  it('reports wrong types, non-boolean conditions and unknown parameters', () => {
    expect(errorsOf(lines(rule('household.decile == "1"')))[0]).toMatchObject({
      code: 'cel_type',
      line: 17,
      col: 11,
    });
    expect(errorsOf(lines(rule('household.decile + 1')))[0]).toMatchObject({ code: 'not_boolean', line: 17 });
    expect(errorsOf(lines(rule('household.decile <= params.max_decil')))[0]).toMatchObject({
      code: 'unknown_field',
      line: 17,
      col: 38,
    });
    expect(errorsOf(lines(rule('household.decile <= ')))[0]).toMatchObject({ code: 'cel_syntax', line: 17 });
  });

  it('reports unknown treatment codes in rules and default', () => {
    expect(errorsOf(lines(rule('true', 'BANTUAN')))[0]).toMatchObject({
      code: 'unknown_treatment',
      line: 16,
      col: 16,
    });
    const text = lines(rule('household.decile == 1')).replace('default: TIDAK', 'default: NONE');
    expect(errorsOf(text)[0]).toMatchObject({ code: 'unknown_treatment', line: 14, col: 10 });
  });

  it('finds rules that can never fire', () => {
    const afterTrue = errorsOf(
      lines([...rule('true', 'BANTU', 'all'), ...rule('household.decile == 1', 'TIDAK', 'late')]),
    );
    expect(afterTrue).toHaveLength(1);
    expect(afterTrue[0]).toMatchObject({ code: 'unreachable_rule', line: 22, path: 'rules[1].when' });
    expect(afterTrue[0]?.message).toContain('"all"');
    const duplicate = errorsOf(
      lines([...rule('household.decile == 1'), ...rule('household.decile  ==  1', 'TIDAK')]),
    );
    expect(duplicate[0]).toMatchObject({ code: 'unreachable_rule', line: 20 });
    const narrower = errorsOf(
      lines([...rule('household.size > 2'), ...rule('household.decile == 1 && household.size > 2', 'TIDAK')]),
    );
    expect(narrower[0]).toMatchObject({ code: 'unreachable_rule', line: 20 });
    const never = errorsOf(lines(rule('false')));
    expect(never[0]).toMatchObject({ code: 'unreachable_rule', line: 17 });
    // A different condition is fine.
    expect(
      errorsOf(lines([...rule('household.decile == 1'), ...rule('household.decile == 2', 'TIDAK')])),
    ).toEqual([]);
  });

  it('checks structure: YAML syntax, missing keys, languages, dates, unknown keys', () => {
    // The parser notices the unclosed [ on the next line; the fault is at the end of line 2.
    expect(errorsOf('id: x\nversion: [1\n')[0]).toMatchObject({ code: 'yaml_syntax', line: 2, col: 12 });
    const unclosedMap = fs
      .readFileSync('policies/default.yaml', 'utf8')
      .replace(
        "label: { id: 'Bukan sasaran', en: 'Not targeted' }",
        "label: { id: 'Bukan sasaran', en: 'Not targeted'",
      );
    const lineOfMap = unclosedMap.split('\n').findIndex((l) => l.includes("en: 'Not targeted'")) + 1;
    expect(errorsOf(unclosedMap)[0]).toMatchObject({ code: 'yaml_syntax', line: lineOfMap });
    expect(errorsOf(lines(rule('true')).replace('as_of: 2026-07-01', 'as_of: 2026-02-30'))[0]).toMatchObject({
      code: 'invalid',
      line: 3,
      col: 8,
    });
    expect(
      errorsOf(lines(rule('true')).replace('{id: Alasan, en: Reason}', '{id: Alasan}'))[0],
    ).toMatchObject({ code: 'missing_text', line: 18, path: 'rules[0].reason.en' });
    expect(errorsOf(lines(rule('true'), ['colour: red']))[0]).toMatchObject({
      code: 'unknown_key',
      line: 19,
      col: 1,
    });
    expect(errorsOf(lines(rule('true')).replace('monthly_cost: 1000', 'monthly_cost: -5'))[0]).toMatchObject({
      code: 'wrong_type',
      line: 10,
      col: 19,
    });
    expect(errorsOf(lines(rule('true')).replace('version: 2\n', ''))[0]).toMatchObject({
      code: 'missing',
      path: 'version',
    });
  });

  it('warns about unused treatments and parameters without failing', () => {
    const text = lines(rule('household.decile == 1', 'TIDAK'));
    const { policy, diagnostics } = compilePolicy(text);
    expect(policy).not.toBeNull();
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['unused_parameter', 'unused_treatment']);
    expect(diagnostics.find((d) => d.code === 'unused_parameter')).toMatchObject({ line: 6, col: 3 });
  });

  it('does not call a parameter unused when the rule naming it has an error', () => {
    for (const when of [
      'household.decile <= params.max_decile && household.sise > 1', // type error
      'household.decile <= params.max_decile &&', // syntax error
    ]) {
      const codes = compilePolicy(lines(rule(when))).diagnostics.map((d) => d.code);
      expect(codes, when).not.toContain('unused_parameter');
      expect(
        codes.some((c) => c === 'unknown_field' || c === 'cel_syntax'),
        when,
      ).toBe(true);
    }
  });
});

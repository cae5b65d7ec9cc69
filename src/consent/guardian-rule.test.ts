import { describe, expect, it } from 'vitest';
import { checkGuardian, type GuardianFacts } from './guardian-rule.js';

const facts = (over: Partial<GuardianFacts>): GuardianFacts => ({
  status: 'given',
  birthDate: '2009-03-02',
  decidedOn: '2026-03-01',
  guardianName: null,
  guardianRelation: null,
  ...over,
});

describe('the guardian rule', () => {
  it('refuses a child’s consent without a guardian, with the age in the reason', () => {
    const verdict = checkGuardian(facts({}));
    expect(verdict).toMatchObject({ ok: false, code: 'guardian_required' });
    expect(!verdict.ok && verdict.reason.en).toContain('aged 16 on 2026-03-01');
  });

  it('counts the 18th birthday on the day itself', () => {
    expect(checkGuardian(facts({ birthDate: '2008-03-02', decidedOn: '2026-03-01' })).ok).toBe(false);
    expect(checkGuardian(facts({ birthDate: '2008-03-01', decidedOn: '2026-03-01T23:00:00Z' })).ok).toBe(
      true,
    );
  });

  it('accepts a child’s consent given by a guardian, trimmed', () => {
    expect(checkGuardian(facts({ guardianName: ' Siti ', guardianRelation: 'ibu' }))).toEqual({
      ok: true,
      guardian: { name: 'Siti', relation: 'ibu' },
    });
  });

  it('accepts and keeps a guardian on an adult’s consent', () => {
    expect(
      checkGuardian(facts({ birthDate: '1950-01-01', guardianName: 'Yohanes', guardianRelation: 'anak' })),
    ).toEqual({ ok: true, guardian: { name: 'Yohanes', relation: 'anak' } });
  });

  it('requires no guardian when the birth date is unknown, nor for a withdrawal', () => {
    expect(checkGuardian(facts({ birthDate: null }))).toEqual({ ok: true, guardian: null });
    expect(checkGuardian(facts({ status: 'withdrawn' }))).toEqual({ ok: true, guardian: null });
  });

  it('refuses a name without a relation and a blank relation', () => {
    expect(checkGuardian(facts({ guardianName: 'Siti' }))).toMatchObject({ code: 'guardian_incomplete' });
    expect(checkGuardian(facts({ guardianName: 'Siti', guardianRelation: '  ' }))).toMatchObject({
      code: 'guardian_incomplete',
    });
  });
});

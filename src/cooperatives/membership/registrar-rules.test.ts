import { describe, expect, it } from 'vitest';
import { ageOn, registrarFailures, type Applicant, type MembershipTarget } from './registrar-rules.js';

const applicant = (over: Partial<Applicant> = {}): Applicant => ({
  birthDate: '1990-05-10',
  maritalStatus: 'BELUM KAWIN',
  villageCode: '53.01.05.2001',
  ...over,
});
const target = (over: Partial<MembershipTarget> = {}): MembershipTarget => ({
  cooperativeVillageCode: '53.01.05.2001',
  match: 'village',
  existingMemberships: 0,
  ...over,
});
const rules = (a: Applicant, t: MembershipTarget, on = '2026-03-01') =>
  registrarFailures(a, t, on).map((f) => f.rule);

describe('registrar rules', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('2009-03-01', '2026-03-01')).toBe(17);
    expect(ageOn('2009-03-02', '2026-03-01')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2000-12-31', '2026-01-01')).toBe(25);
  });

  it('accepts an adult of the village', () => {
    expect(rules(applicant(), target())).toEqual([]);
  });

  it('refuses an unmarried 16-year-old, accepts them on their 17th birthday or when married', () => {
    expect(rules(applicant({ birthDate: '2009-03-02' }), target())).toEqual(['age']);
    expect(rules(applicant({ birthDate: '2009-03-01' }), target())).toEqual([]);
    expect(rules(applicant({ birthDate: '2010-01-01', maritalStatus: 'KAWIN' }), target())).toEqual([]);
    expect(rules(applicant({ birthDate: '2010-01-01', maritalStatus: 'cerai mati' }), target())).toEqual([]);
  });

  it('refuses an unknown age unless married', () => {
    expect(rules(applicant({ birthDate: null }), target())).toEqual(['age']);
    expect(rules(applicant({ birthDate: null, maritalStatus: 'KAWIN' }), target())).toEqual([]);
  });

  it('domicile: same village, or the district when the policy matched a neighbouring Kopdes', () => {
    const other = applicant({ villageCode: '53.01.05.2002' });
    expect(rules(other, target())).toEqual(['domicile']);
    expect(rules(other, target({ match: 'district_nearest' }))).toEqual([]);
    expect(rules(applicant({ villageCode: '53.01.06.2001' }), target({ match: 'district_nearest' }))).toEqual(
      ['domicile'],
    );
  });

  it('refuses a second membership and reports every failure at once', () => {
    expect(rules(applicant(), target({ existingMemberships: 1 }))).toEqual(['duplicate']);
    const all = registrarFailures(
      applicant({ birthDate: '2015-01-01', villageCode: '33.74.01.1001' }),
      target({ existingMemberships: 2 }),
      '2026-03-01',
    );
    expect(all.map((f) => f.rule)).toEqual(['age', 'domicile', 'duplicate']);
    expect(all[0]!.reason.en).toContain('aged 11');
    expect(all[0]!.reason.id).toContain('berusia 11');
  });
});

import { describe, expect, it } from 'vitest';
import { validateSocio } from '../households/socio-economic.js';
import { parseNik } from '../identity/nik.js';
import { ageOn } from './dates.js';
import { generateHousehold, RELATION, type SynthHousehold } from './household.js';
import { createRng } from '../shared/random.js';
import { regionalProfile } from './regional-profiles.js';
import { SerialAllocator } from './serials.js';

const REFERENCE = '2026-01-31';
const VILLAGE = { code: '53.01.05.2001', name: 'Oelbubuk', kind: 'desa' as const };

function households(count: number, province = '53', seed = 'household-test'): SynthHousehold[] {
  const profile = regionalProfile(province);
  const serials = new SerialAllocator();
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) =>
    generateHousehold(rng.fork(i), VILLAGE, {
      cultures: profile.cultures,
      meanSize: profile.meanSize,
      serials,
      referenceDate: REFERENCE,
      otherDistricts: ['53.02.01', '53.71.01'],
    }),
  );
}

describe('generateHousehold', () => {
  const sample = households(3000);
  const people = sample.flatMap((h) => h.members.map((p) => ({ ...p, household: h })));

  it('is deterministic for a seed and differs between seeds', () => {
    expect(households(20)).toEqual(households(20));
    expect(households(20, '53', 'other')).not.toEqual(households(20));
  });

  it('gives NTT households a plausible size distribution', () => {
    const mean = people.length / sample.length;
    expect(mean).toBeGreaterThan(4.1);
    expect(mean).toBeLessThan(4.9);
    expect(Math.max(...sample.map((h) => h.members.length))).toBeLessThanOrEqual(12);
    const singles = sample.filter((h) => h.members.length === 1).length / sample.length;
    expect(singles).toBeGreaterThan(0.01);
    expect(singles).toBeLessThan(0.1);
    // Java is smaller than NTT.
    const java = households(1500, '34');
    expect(java.flatMap((h) => h.members).length / java.length).toBeLessThan(mean - 0.6);
  });

  it('has exactly one head, Dukcapil codes 1–11, and ages consistent with relations', () => {
    for (const h of sample) {
      expect(h.members.filter((p) => p.relation === RELATION.head)).toHaveLength(1);
      expect(h.members[0]!.relation).toBe(RELATION.head);
      const head = h.members[0]!;
      const headAge = ageOn(head.birthDate, REFERENCE);
      expect(headAge).toBeGreaterThanOrEqual(17);
      const mother =
        h.members.find((p) => p.relation === RELATION.wife) ?? (head.sex === 'P' ? head : undefined);
      for (const p of h.members) {
        expect(p.relation).toBeGreaterThanOrEqual(1);
        expect(p.relation).toBeLessThanOrEqual(11);
        const age = ageOn(p.birthDate, REFERENCE);
        expect(age).toBeGreaterThanOrEqual(0);
        if (p.relation === RELATION.wife) expect(p.sex).toBe('P');
        if (p.relation === RELATION.husband) expect(p.sex).toBe('L');
        if (p.relation === RELATION.parent || p.relation === RELATION.parentInLaw)
          expect(age).toBeGreaterThan(headAge);
        if (p.relation === RELATION.child && mother) {
          const gap = ageOn(mother.birthDate, REFERENCE) - age;
          expect(gap).toBeGreaterThanOrEqual(15);
          expect(gap).toBeLessThanOrEqual(46);
        }
        if (p.relation === RELATION.grandchild) expect(age).toBeLessThan(headAge - 30);
      }
    }
    // Other relatives (9) are a minority: most large families are parents and their own children.
    expect(people.filter((p) => p.relation === RELATION.otherRelative).length / people.length).toBeLessThan(
      0.05,
    );
    const codes = new Set(people.map((p) => p.relation));
    for (const code of [1, 3, 4, 5, 6, 7, 8, 9]) expect(codes.has(code)).toBe(true);
  });

  it('issues valid, unique NIKs that agree with birth date, sex and district', () => {
    const seen = new Set<string>();
    const bad: unknown[] = [];
    let local = 0;
    for (const p of people) {
      const parsed = parseNik(p.nik, {
        referenceDate: new Date(`${REFERENCE}T00:00:00Z`),
        birthYearHint: Number(p.birthDate.slice(0, 4)),
      });
      const district = parsed.district_code ?? '';
      if (district === '53.01.05') local++;
      const ok =
        parsed.errors.length === 0 &&
        parsed.birth_date === p.birthDate &&
        parsed.sex === p.sex &&
        ['53.01.05', '53.02.01', '53.71.01'].includes(district) &&
        !seen.has(p.nik);
      if (!ok) bad.push({ nik: p.nik, birthDate: p.birthDate, sex: p.sex, errors: parsed.errors });
      seen.add(p.nik);
    }
    expect(bad).toEqual([]);
    expect(local / people.length).toBeGreaterThan(0.9);
    expect(sample.filter((h) => !/^530105\d{10}$/.test(h.kk))).toEqual([]);
  });

  it('keeps disability near 2–3 % and gives children school-age attributes', () => {
    const disabled = people.filter((p) => p.disability).length / people.length;
    expect(disabled).toBeGreaterThan(0.015);
    expect(disabled).toBeLessThan(0.04);
    for (const p of people) {
      const age = ageOn(p.birthDate, REFERENCE);
      if (age < 5) expect(p.occupation).toBe('BELUM/TIDAK BEKERJA');
      if (age < 7) expect(p.education).toBe('TIDAK/BELUM SEKOLAH');
      if (age < 16) expect(p.maritalStatus).toBe('BELUM KAWIN');
    }
  });

  it('uses the naming traditions of the province', () => {
    const ntt = people.filter((p) => p.household.culture === 'ntt');
    expect(ntt.length / people.length).toBeGreaterThan(0.75);
    // Children carry their father's clan name.
    const withClan = sample.filter(
      (h) => h.culture === 'ntt' && h.members[0]!.sex === 'L' && h.members.length > 2,
    );
    let inherited = 0;
    let children = 0;
    for (const h of withClan) {
      const clan = h.members[0]!.name.split(' ').at(-1)!;
      for (const c of h.members.filter((p) => p.relation === RELATION.child)) {
        children++;
        if (c.name.endsWith(clan)) inherited++;
      }
    }
    expect(inherited / children).toBeGreaterThan(0.95);
    const bali = households(300, '51').flatMap((h) => h.members);
    expect(bali.filter((p) => /^(I|Ni) /.test(p.name)).length / bali.length).toBeGreaterThan(0.6);
  });

  it('produces DTSEN family variables that pass validation and follow welfare', () => {
    for (const h of sample.slice(0, 500)) {
      const check = validateSocio(h.socio);
      expect(check.errors).toEqual([]);
      expect(check.warnings).toEqual([]);
    }
    const poor = sample.filter((h) => h.welfare < -1);
    const rich = sample.filter((h) => h.welfare > 1);
    const earth = (list: SynthHousehold[]) =>
      list.filter((h) => h.socio.jenis_lantai === 'tanah').length / list.length;
    expect(earth(poor)).toBeGreaterThan(earth(rich) + 0.1);
  });
});

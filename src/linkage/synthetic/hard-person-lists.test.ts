import { describe, expect, it } from 'vitest';
import { generateHardLinkageData, HARD_PROFILE, type HardDistrictRows } from './hard-person-lists.js';
import { sampleDistricts } from './write-person-lists.js';

const people = 20_000;
const districts = sampleDistricts(people / 300 + 20);
const parts: HardDistrictRows[] = [...generateHardLinkageData({ seed: 'hard-test', people, districts })];
const registry = parts.flatMap((d) => d.registry);
const list = parts.flatMap((d) => d.beneficiaries);
const notes = parts.flatMap((d) => d.notes);
const share = (pred: (n: (typeof notes)[number]) => boolean) => notes.filter(pred).length / notes.length;

describe('hard linkage profile', () => {
  it('fills whole villages of ~300–400 people, exactly `people` registry rows', () => {
    expect(registry).toHaveLength(people);
    const perVillage = new Map<string, number>();
    for (const r of registry) perVillage.set(r.village_code, (perVillage.get(r.village_code) ?? 0) + 1);
    const sizes = [...perVillage.values()].sort((a, b) => a - b);
    // All villages but the district's last (cut short) are full.
    const full = sizes.filter((s) => s >= 300);
    expect(full.length).toBeGreaterThanOrEqual(sizes.length - districts.length);
    const mean = full.reduce((a, b) => a + b, 0) / full.length;
    expect(mean).toBeGreaterThan(330);
    expect(mean).toBeLessThan(380);
  });

  it('is crowded with namesakes: a few dozen first and second names', () => {
    const firsts = new Set(registry.map((r) => r.name.split(' ')[0]));
    expect(firsts.size).toBeLessThanOrEqual(2 * HARD_PROFILE.firstNamePool);
    const byVillageName = new Map<string, number>();
    for (const r of registry) {
      const k = `${r.village_code}|${r.name}`;
      byVillageName.set(k, (byVillageName.get(k) ?? 0) + 1);
    }
    const withNamesake = registry.filter((r) => byVillageName.get(`${r.village_code}|${r.name}`)! > 1).length;
    expect(withNamesake / registry.length).toBeGreaterThan(0.15);
  });

  it('has households of up to six with twins sharing birth date and family name', () => {
    const byAddressBirth = new Map<string, number>();
    for (const r of registry) {
      const last = r.name.split(' ')[1] ?? '';
      const k = `${r.village_code}|${r.address}|${r.birth_date}|${last}`;
      byAddressBirth.set(k, (byAddressBirth.get(k) ?? 0) + 1);
    }
    const twins = [...byAddressBirth.values()].filter((c) => c >= 2).length;
    expect(twins).toBeGreaterThan(registry.length * 0.002);
  });

  it('lists mostly heads and spouses', () => {
    expect(share((n) => n.role !== 'other')).toBeGreaterThan(0.85);
    // ~455 k list rows for 1 M registry people, as in the issue.
    expect(list.length / registry.length).toBeGreaterThan(0.4);
    expect(list.length / registry.length).toBeLessThan(0.5);
  });

  it('injects NIK errors at the profile rates; one-digit errors often hit another real NIK', () => {
    const tol = 0.015;
    expect(Math.abs(share((n) => n.nik === 'missing') - HARD_PROFILE.nikMissing)).toBeLessThan(tol);
    const oneDigit = share((n) => n.nik === 'wrong_digit' || n.nik === 'other_person');
    expect(Math.abs(oneDigit - HARD_PROFILE.nikWrongDigit)).toBeLessThan(tol);
    expect(share((n) => n.nik === 'other_person') / oneDigit).toBeGreaterThan(0.25);
    expect(Math.abs(share((n) => n.nik === 'transposed') - HARD_PROFILE.nikTransposed)).toBeLessThan(tol);
    expect(Math.abs(share((n) => n.nik === 'kk') - HARD_PROFILE.nikKk)).toBeLessThan(tol);
    // An "other person" NIK is really held by someone else in the registry (unless the registry lacks it, 1 %).
    const niks = new Set(registry.map((r) => r.nik));
    const others = list.filter((_, i) => notes[i]!.nik === 'other_person');
    expect(others.filter((r) => niks.has(r.nik)).length / others.length).toBeGreaterThan(0.95);
    const missing = list.filter((r) => r.nik === null).length / list.length;
    expect(Math.abs(missing - HARD_PROFILE.nikMissing)).toBeLessThan(tol);
  });

  it('injects birth date and village errors at the profile rates', () => {
    const tol = 0.015;
    expect(Math.abs(share((n) => n.birth === 'missing') - HARD_PROFILE.birthMissing)).toBeLessThan(tol);
    expect(Math.abs(share((n) => n.birth === 'year_1') - HARD_PROFILE.birthYear1)).toBeLessThan(tol);
    expect(Math.abs(share((n) => n.birth === 'year_10') - HARD_PROFILE.birthYear10)).toBeLessThan(tol);
    expect(Math.abs(share((n) => n.birth === 'jan_jul') - HARD_PROFILE.birthJanJul)).toBeLessThan(tol);
    // Only days ≤ 12 can swap with the month.
    expect(share((n) => n.birth === 'swapped')).toBeGreaterThan(0.005);
    expect(share((n) => n.birth === 'swapped')).toBeLessThan(HARD_PROFILE.birthSwapped);
    const slashRate = share((n) => n.slash) / (1 - share((n) => n.birth === 'missing'));
    expect(Math.abs(slashRate - HARD_PROFILE.birthSlash)).toBeLessThan(0.03);
    expect(list.filter((r) => r.birth_date?.includes('/')).length).toBe(notes.filter((n) => n.slash).length);
    expect(Math.abs(share((n) => n.villageChanged) - HARD_PROFILE.villageChanged)).toBeLessThan(tol);
  });

  it('is reproducible from its seed', () => {
    const again = [...generateHardLinkageData({ seed: 'hard-test', people: 2000, districts })];
    const first = [...generateHardLinkageData({ seed: 'hard-test', people: 2000, districts })];
    expect(again).toEqual(first);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ageAt,
  birthDateForAge,
  buildHouseholdContext,
  toCelValue,
  type HouseholdData,
  type MemberData,
} from './household-context.js';

const member = (birthDate: string | null, more: Partial<MemberData> = {}): MemberData => ({
  birthDate,
  sex: 'L',
  relation: 4,
  disability: false,
  occupation: null,
  education: null,
  ...more,
});

const household = (more: Partial<HouseholdData> = {}): HouseholdData => ({
  id: 7,
  villageCode: '53.01.05.1001',
  villageKind: 'kelurahan',
  decile: 2,
  pmtScore: 1.25,
  extremePoor: true,
  members: [],
  programs: [],
  isCoopMember: false,
  cooperative: null,
  village: null,
  ...more,
});

describe('ageAt', () => {
  it('counts whole years completed at the date', () => {
    expect(ageAt('2011-07-01', '2026-07-01')).toBe(15); // birthday on the day: completed
    expect(ageAt('2011-07-02', '2026-07-01')).toBe(14); // one day short
    expect(ageAt('1961-12-31', '2026-07-01')).toBe(64);
    expect(ageAt('2008-02-29', '2026-02-28')).toBe(17); // leap-day birthday completes on 1 March
    expect(ageAt('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageAt('2027-01-01', '2026-07-01')).toBeNull(); // born after the date
    expect(ageAt(null, '2026-07-01')).toBeNull();
  });
});

describe('birthDateForAge', () => {
  it('is the last birth date with the given whole years completed, as ageAt counts them', () => {
    expect(birthDateForAge('2026-07-01', 15)).toBe('2011-07-01');
    expect(birthDateForAge('2028-02-29', 15)).toBe('2013-02-28'); // no 29 February in 2013
    expect(birthDateForAge('2028-02-29', 4)).toBe('2024-02-29');
    expect(birthDateForAge('2100-03-01', 100)).toBe('2000-03-01');
    const next = (iso: string) =>
      new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const asOf of ['2026-07-01', '2028-02-29', '2029-02-28', '2029-03-01', '2026-12-31', '2027-01-01'])
      for (const years of [0, 1, 4, 15, 18, 60, 65, 100]) {
        const limit = birthDateForAge(asOf, years);
        expect(ageAt(limit, asOf), `${asOf} ${years}`).toBeGreaterThanOrEqual(years);
        expect(ageAt(next(limit), asOf) ?? -1, `${asOf} ${years}`).toBeLessThan(years);
      }
  });
});

describe('household context', () => {
  const asOf = '2026-07-01';
  const data = household({
    members: [
      member('1966-07-01', {
        relation: 1,
        sex: 'P',
        disability: true,
        occupation: 'petani',
        education: 'SD',
      }), // 60: productive and elderly
      member('1961-07-02', { relation: 2 }), // 64: productive, elderly
      member('1961-07-01', { relation: 8 }), // 65: elderly only
      member('2011-07-01', { relation: 3 }), // 15: productive and child
      member('2008-07-02', { relation: 3, sex: 'P' }), // 17: productive and child
      member('2008-07-01', { relation: 3 }), // 18: productive, not a child
      member('2020-01-01', { relation: 3, sex: null }), // 6: child
      member(null, { relation: null }), // unknown age: counted in size only
    ],
    programs: ['BPNT', 'PKH'],
    isCoopMember: true,
    cooperative: {
      id: 3,
      registrationNo: 'R-1',
      name: 'Kopdes Oenesu',
      status: 'operating',
      memberCapacity: null,
      members: 12,
    },
    village: {
      mainLivelihoods: ['pertanian'],
      commodities: ['jagung'],
      hasMarket: true,
      marketDistanceKm: 2.5,
      roadAccess: 'aspal',
      hasElectricity: true,
      hasInternet: null,
      bumdesCount: 1,
      bumdesActive: true,
      cooperativeReadiness: 4,
    },
  });
  const h = buildHouseholdContext(data, asOf);

  it('has every documented field with its value', () => {
    expect(h).toMatchObject({
      id: 7,
      decile: 2,
      pmt_score: 1.25,
      extreme_poor: true,
      size: 8,
      village_code: '53.01.05.1001',
      province_code: '53',
      regency_code: '53.01',
      district_code: '53.01.05',
      is_urban: true,
      productive_members: 5,
      elderly_members: 3,
      children: 3,
      disabled_members: 1,
      programs: ['BPNT', 'PKH'],
      is_coop_member: true,
      cooperative: { id: 3, registration_no: 'R-1', name: 'Kopdes Oenesu', status: 'operating', members: 12 },
      village: {
        code: '53.01.05.1001',
        kind: 'kelurahan',
        main_livelihoods: ['pertanian'],
        commodities: ['jagung'],
        has_market: true,
        market_distance_km: 2.5,
        road_access: 'aspal',
        has_electricity: true,
        bumdes_count: 1,
        bumdes_active: true,
        cooperative_readiness: 4,
      },
    });
    expect(h.head).toEqual({
      age: 60,
      sex: 'P',
      relation: 1,
      disability: true,
      occupation: 'petani',
      education: 'SD',
    });
    const members = h.members as Array<Record<string, unknown>>;
    expect(members).toHaveLength(8);
    expect(members.map((m) => m.age ?? null)).toEqual([60, 64, 65, 15, 17, 18, 6, null]);
    expect(members[6]).toEqual({ age: 6, relation: 3, disability: false }); // unknown sex, occupation, education are absent
    expect(members[7]).toEqual({ sex: 'L', disability: false });
    expect('has_internet' in (h.village as object)).toBe(false);
    expect('member_capacity' in (h.cooperative as object)).toBe(false);
  });

  it('leaves unknown decile, score, head, cooperative and village out', () => {
    const bare = buildHouseholdContext(
      household({
        decile: null,
        pmtScore: null,
        extremePoor: null,
        villageKind: 'desa',
        villageCode: '53.01.05.2003',
        members: [member('1990-01-01', { relation: 2 })],
      }),
      asOf,
    );
    for (const key of ['decile', 'pmt_score', 'extreme_poor', 'head', 'cooperative', 'village'])
      expect(key in bare).toBe(false);
    expect(bare.is_urban).toBe(false);
    expect(bare.size).toBe(1);
  });

  it('shares the cooperative and village values of one village, and takes region prefixes given', () => {
    const again = buildHouseholdContext({ ...data, id: 8 }, asOf);
    expect(again.cooperative).toBe(h.cooperative);
    expect(again.village).toBe(h.village);
    const elsewhere = buildHouseholdContext(
      { ...data, villageCode: '53.01.05.2003', villageKind: 'desa' },
      asOf,
    );
    expect(elsewhere.village).toMatchObject({ code: '53.01.05.2003', kind: 'desa' });
    expect(h).toMatchObject({ province_code: '53', regency_code: '53.01', district_code: '53.01.05' });
    const given = buildHouseholdContext(
      { ...data, regions: { province: '53', regency: '53.71', district: '53.71.01' } },
      asOf,
    );
    expect(given).toMatchObject({ province_code: '53', regency_code: '53.71', district_code: '53.71.01' });
  });

  it('takes the first member with relation 1 as head', () => {
    const two = buildHouseholdContext(
      household({
        members: [
          member('2000-01-01', { relation: 3 }),
          member('1970-01-01', { relation: 1 }),
          member('1971-01-01', { relation: 1 }),
        ],
      }),
      asOf,
    );
    expect((two.head as Record<string, unknown>).age).toBe(56);
  });

  it('converts to CEL values: ints as bigint, doubles kept', () => {
    const cel = toCelValue(h) as Record<string, unknown>;
    expect(cel.decile).toBe(2n);
    expect(cel.pmt_score).toBe(1.25);
    expect((cel.village as Record<string, unknown>).market_distance_km).toBe(2.5);
    expect((cel.head as Record<string, unknown>).age).toBe(60n);
  });
});

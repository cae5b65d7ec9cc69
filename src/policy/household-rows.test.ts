import { describe, expect, it } from 'vitest';
import { encodeCopyRow } from '../db/database.js';
import {
  decodeHouseholdPage,
  decodeSummaryPage,
  IdFilter,
  PROGRAM_SEPARATOR,
  SortedIds,
  unescapeCopy,
  ymdFromDays,
  type HouseholdExtras,
} from './household-rows.js';

const days = (iso: string) =>
  (Date.parse(`${iso}T00:00:00Z`) - Date.parse('2000-01-01T00:00:00Z')) / 86_400_000;

describe('ymdFromDays', () => {
  it('turns days since 2000-01-01 into yyyymmdd across leap years and centuries', () => {
    for (const iso of [
      '2000-01-01',
      '1999-12-31',
      '2000-02-29',
      '2000-03-01',
      '1900-02-28',
      '1900-03-01',
      '1950-06-15',
      '2024-02-29',
      '2100-03-01',
      '1804-02-29',
    ]) {
      expect(ymdFromDays(days(iso))).toBe(Number(iso.replace(/-/g, '')));
    }
  });
});

describe('COPY text decoding', () => {
  it('reverses COPY escaping', () => {
    expect(unescapeCopy('a\\tb\\\\c\\nd')).toBe('a\tb\\c\nd');
  });

  const extras: HouseholdExtras = {
    village: (code) => ({
      kind: code.charAt(9) === '1' ? 'kelurahan' : 'desa',
      cooperative: null,
      profile: null,
    }),
    nikPrograms: (id) => (id === 2 ? ['PKH'] : undefined),
    isCoopMember: (id) => id === 3,
  };

  it('merges households, persons and enrolments by household id', () => {
    const households = [
      encodeCopyRow([1, '53.01.05.1001', 2, 1.5, true]),
      encodeCopyRow([2, '53.01.05.2003', null, null, null]),
      encodeCopyRow([3, '53.01.05.2003', 10, 0.25, false]),
    ].join('');
    const persons = [
      encodeCopyRow([1, days('1980-03-04'), 'P', 1, true, 'petani\tkebun', 'S\\1']),
      encodeCopyRow([1, days('2015-01-01'), null, null, false, null, null]),
      encodeCopyRow([2, null, 'L', 4, false, 'buruh "harian"', 'SD']),
      encodeCopyRow([2, days('1990-01-01'), 'L', 1, false, null, null]),
    ].join('');
    const enrolments = [
      encodeCopyRow([1, 'PKH']),
      encodeCopyRow([1, 'BPNT']),
      encodeCopyRow([1, 'PKH']),
      encodeCopyRow([2, 'PKH']),
    ].join('');
    const page = decodeHouseholdPage(households, persons, enrolments, extras);
    expect(page.map((h) => h.id)).toEqual([1, 2, 3]);
    expect(page[0]).toEqual({
      id: 1,
      villageCode: '53.01.05.1001',
      regions: { province: '53', regency: '53.01', district: '53.01.05' },
      villageIndex: 0,
      villageKind: 'kelurahan',
      decile: 2,
      pmtScore: 1.5,
      extremePoor: true,
      members: [
        {
          birthDate: 19800304,
          sex: 'P',
          relation: 1,
          disability: true,
          occupation: 'petani\tkebun',
          education: 'S\\1',
        },
        {
          birthDate: 20150101,
          sex: null,
          relation: null,
          disability: false,
          occupation: null,
          education: null,
        },
      ],
      programs: ['BPNT', 'PKH'],
      isCoopMember: false,
      cooperative: null,
      village: null,
    });
    expect(page[1]).toMatchObject({
      decile: null,
      pmtScore: null,
      extremePoor: null,
      programs: ['PKH'], // household id and NIK both reach PKH: once
    });
    expect(page[1]!.members).toHaveLength(2);
    expect(page[1]!.members[0]).toMatchObject({ birthDate: null, occupation: 'buruh "harian"' });
    expect(page[2]).toMatchObject({ members: [], programs: [], isCoopMember: true, extremePoor: false });
  });

  it('skips persons of households outside the page', () => {
    const page = decodeHouseholdPage(
      encodeCopyRow([5, '53.01.05.2003', 1, null, null]),
      encodeCopyRow([4, days('1970-01-01'), 'L', 1, false, null, null]) +
        encodeCopyRow([5, days('1971-01-01'), 'P', 1, false, null, null]) +
        encodeCopyRow([6, days('1972-01-01'), 'L', 1, false, null, null]),
      encodeCopyRow([4, 'PKH']) + encodeCopyRow([6, 'BPNT']),
      extras,
    );
    expect(page).toHaveLength(1);
    expect(page[0]!.members.map((m) => m.birthDate)).toEqual([19710101]);
    expect(page[0]!.programs).toEqual([]);
  });

  it('refuses rows with the wrong number of fields', () => {
    expect(() => decodeHouseholdPage('1\t53.01.05.2003\n', '', '', extras)).toThrow(/2 fields, expected 5/);
    expect(() => decodeSummaryPage('1\t53.01.05.2003\n', extras)).toThrow(/2 fields, expected 17/);
  });

  it('decodes summary rows: aggregates, head, programs without repeats, village facts shared', () => {
    const row = (id: number, village: string, head: unknown[], programs: string | null) =>
      encodeCopyRow([id, village, 3, 0.5, true, 4, 2, 1, 1, 0, ...head, programs]);
    const page = decodeSummaryPage(
      row(
        1,
        '53.01.05.1001',
        [1, days('1980-03-04'), 'P', true, 'petani', 'SD\\2'],
        `PKH${PROGRAM_SEPARATOR}PKH`,
      ) +
        row(2, '53.01.05.1001', [0, null, null, null, null, null], null) +
        row(
          3,
          '53.01.05.2003',
          [2, days('1970-01-01'), null, false, null, null],
          `PKH${PROGRAM_SEPARATOR}PKH`,
        ),
      extras,
    );
    expect(page.map((h) => [h.id, h.villageKind, h.programs])).toEqual([
      [1, 'kelurahan', ['PKH']],
      [2, 'kelurahan', ['PKH']], // by NIK only
      [3, 'desa', ['PKH']],
    ]);
    expect(page[0]).toMatchObject({ decile: 3, pmtScore: 0.5, extremePoor: true, members: [] });
    expect(page[0]!.summary).toEqual({
      size: 4,
      productive: 2,
      elderly: 1,
      children: 1,
      disabled: 0,
      head: {
        birthDate: 19800304,
        sex: 'P',
        relation: 1,
        disability: true,
        occupation: 'petani',
        education: 'SD\\2',
      },
    });
    expect(page[1]!.summary!.head).toBeNull();
    expect(page[2]!.summary!.head).toMatchObject({ birthDate: 19700101, sex: null, disability: false });
    expect(page[1]!.villageCode).toBe(page[0]!.villageCode);
    expect(page[1]!.regions).toBe(page[0]!.regions);
    expect(page.map((h) => h.villageIndex)).toEqual([0, 0, 1]);
  });
});

describe('SortedIds', () => {
  it('finds exactly the ids it was given', () => {
    const ids = new SortedIds([9, 3, 7, 1_000_000_000_001]);
    expect([1, 3, 7, 8, 9, 1_000_000_000_001].map((id) => ids.has(id))).toEqual([
      false,
      true,
      true,
      false,
      true,
      true,
    ]);
    expect(new SortedIds([]).has(1)).toBe(false);
  });
});

describe('IdFilter', () => {
  it('never says no to an id it was given, and says no to most others', () => {
    const given = [1, 5, 1024, 65_537, 2 ** 33 + 7, 1_000_000_000_001];
    const filter = new IdFilter(given);
    for (const id of given) expect(filter.mayHave(id)).toBe(true);
    let yes = 0;
    for (let id = 2_000_000; id < 2_010_000; id++) if (filter.mayHave(id)) yes++;
    expect(yes).toBeLessThan(100);
    expect(new IdFilter([]).mayHave(0)).toBe(false);
  });
});

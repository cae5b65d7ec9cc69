import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler } from '../jaro-winkler.js';
import { compareDates, dateParser } from './date-field.js';
import { compareIds } from './id-field.js';
import { compareNames, prepareName } from './name-field.js';
import { compareNiks, nikBirthDateField } from './nik-field.js';
import { compareRegions, regionDigits } from './region-field.js';
import { buildComparators } from './index.js';
import { personPreset } from '../settings.js';

describe('string similarity', () => {
  it('matches the textbook Jaro-Winkler values', () => {
    // MARTHA/MARHTA: m = 6, t = 1, jaro = 17/18, prefix 3 → 0.9611.
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.961111, 5);
    // DWAYNE/DUANE: m = 4, t = 0, jaro = (4/6 + 4/5 + 1)/3 = 0.8222, prefix 1 → 0.84.
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 5);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });
  it('counts adjacent transpositions as one edit', () => {
    expect(editDistance('1234', '1243', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });
});

describe('field comparators', () => {
  const name = (s: string) => prepareName(s)!;
  it('names: titles and Muhammad spellings, order, single names', () => {
    expect(compareNames(name('H. Moch. Yusuf'), name('Muhammad Yusuf'))).toBe(1);
    expect(compareNames(name('Budi Santoso'), name('Santoso Budi'))).toBe(1);
    expect(compareNames(name('Siti Aminah'), name('Siti Aminak'))).toBe(2);
    expect(compareNames(name('Siti'), name('Siti Aminah'))).toBe(4);
    expect(compareNames(name('Siti Aminah'), name('Bambang Wijaya'))).toBe(6);
  });
  it('names: call names and Siti written St.', () => {
    // Wawan for Hermawan scores like a one-letter slip; without the call-name table these fall to level 5-6.
    expect(compareNames(name('Wawan Setiawan'), name('Hermawan Setiawan'))).toBe(2);
    expect(compareNames(name('Mamat Hidayat'), name('Muhammad Hidayat'))).toBe(2);
    expect(compareNames(name('St. Aminah'), name('Siti Aminah'))).toBe(1);
    // Not every pair of names: Wawan is no call name of Bambang.
    expect(compareNames(name('Wawan Santoso'), name('Bambang Santoso'))).toBeGreaterThan(3);
  });
  it('NIK: exact, one digit, transposition, serial only', () => {
    const a = '3201014507900001';
    expect(compareNiks(a, a)).toBe(1);
    expect(compareNiks(a, '3201014507910001')).toBe(2);
    expect(compareNiks(a, '3201014570900001')).toBe(3);
    expect(compareNiks(a, '3201014507900002')).toBe(4);
    expect(compareNiks(a, '7301010101800009')).toBe(6);
  });
  it('NIK encodes birth date and sex (day + 40 for women)', () => {
    const f = nikBirthDateField('nik', 'birth_date', 'sex', dateParser(undefined));
    const withNik = f.prepare(['3201014507900001', null, null]);
    expect(f.compare(withNik, f.prepare([null, '1990-07-05', 'P']))).toBe(1);
    expect(f.compare(withNik, f.prepare([null, '1990-07-05', 'L']))).toBe(2);
    expect(f.compare(withNik, f.prepare([null, '1985-02-11', 'P']))).toBe(3);
    expect(f.compare(f.prepare([null, '1990-07-05', 'P']), f.prepare([null, '1990-07-05', 'P']))).toBe(0);
  });
  it('NIK-birth-date: a reduced NIK prepares exactly as the NIK it stands for', () => {
    const f = nikBirthDateField('nik', 'birth_date', 'sex', dateParser(undefined));
    const reduction = f.reduce![0]!;
    for (const nik of [
      '3201014507900001',
      "'3201.0145.0790.0001",
      '7301010101800009',
      '3201010101000001',
      '12345',
    ])
      for (const date of [null, '1990-07-05'])
        for (const sex of [null, 'P']) {
          const key = reduction.key(nik);
          const reduced = key < 0 ? null : reduction.value(key);
          expect(f.prepare([reduced, date, sex]), nik).toEqual(f.prepare([nik, date, sex]));
        }
    expect(reduction.key('12345')).toBe(-1);
    expect(reduction.key('3201014507900001')).toBe(reduction.key('3302024507901234'));
    expect(reduction.key('3201014507900001')).not.toBe(reduction.key('3201014507910001'));
  });
  it('ids and dates', () => {
    expect(compareIds('5304218', '5304218')).toBe(1);
    expect(compareIds('5304218', '5302418')).toBe(2);
    expect(compareIds('5304218', '530421')).toBe(3);
    const parse = dateParser('YYYYMMDD');
    const d = (s: string) => parse(s)!;
    expect(parse('19901332')).toBeNull();
    expect(compareDates(d('19900705'), d('19900705'))).toBe(1);
    expect(compareDates(d('19900705'), d('19900507'))).toBe(2);
    expect(compareDates(d('19900705'), d('19910705'))).toBe(3);
    expect(compareDates(d('19900705'), d('19901225'))).toBe(4);
    expect(dateParser('DD/MM/YYYY')('05/07/1990')!.s).toBe('19900705');
    expect(dateParser(undefined)('5-7-1990')!.s).toBe('19900705');
  });
  it('regions: same village, district, regency, province', () => {
    const r = (s: string) => regionDigits(s)!;
    expect(compareRegions(r('32.01.01.2001'), r('3201012001'))).toBe(1);
    expect(compareRegions(r('32.01.01.2001'), r('32.01.01.2002'))).toBe(2);
    expect(compareRegions(r('32.01.01.2001'), r('32.01.02.2001'))).toBe(3);
    expect(compareRegions(r('32.01.01.2001'), r('32.02.01.2001'))).toBe(4);
    expect(compareRegions(r('32.01.01.2001'), r('33.01.01.2001'))).toBe(5);
  });
});

describe('blocking on exact keys', () => {
  it('fields that say so block without a modifier on their exact key', () => {
    const settings = personPreset([
      'id',
      'nik',
      'name',
      'birth_date',
      'sex',
      'village_code',
      'address',
      'kk',
    ]);
    const headers = [settings.id, ...settings.fields.map((f) => f.column)];
    const fields = buildComparators(settings, [{ source: 'x.csv', headers }]);
    const samples: Record<string, string[]> = {
      nik: ['3201014507900001'],
      name: ['Hj. Siti Aminah', 'Santoso Budi'],
      birth_date: ['05/07/1990', '1990-07-05'],
      sex: ['P'],
      village_code: ['32.01.01.2001'],
      address: ['RT 1 / RW 2, Desa A'],
      kk: ['3201010101000001'],
    };
    let checked = 0;
    for (const field of fields) {
      if (!field.blocksOnExactKey) continue;
      for (const raw of samples[field.columns[0]!]!) {
        const feature = field.prepare([raw]);
        expect(field.blockKey(feature, undefined), field.label).toBe(field.exactKey!(feature));
        checked++;
      }
    }
    // The address is compared within its village: its exact key holds the village too, so it is not among them.
    expect(fields.find((f) => f.label === 'address')!.blocksOnExactKey).toBeFalsy();
    expect(checked).toBe(8);
  });
});

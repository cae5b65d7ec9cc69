import { describe, expect, it } from 'vitest';
import { normalizePersonName } from '../identity/name.js';
import {
  BANSOS_LIST_RATES,
  corruptPersonRecord,
  transposeDigits,
  wrongDigit,
  type CorruptionKind,
} from './corrupt.js';
import { muhammadVariant, oldSpellingVariant, titleVariant, tokenOrderVariant } from './name-variants.js';
import { createRng } from '../shared/random.js';

const PERSON = {
  nik: '5301055407760001',
  name: 'Muhammad Yusuf Hidayat',
  sex: 'L' as const,
  birthDate: '1976-07-14',
};

describe('corruptPersonRecord', () => {
  it('changes nothing at zero rates and is deterministic', () => {
    const rng = createRng(1);
    for (let i = 0; i < 100; i++)
      expect(corruptPersonRecord(rng, PERSON, {})).toEqual({ record: PERSON, errors: [] });
    const a = corruptPersonRecord(createRng('s'), PERSON, BANSOS_LIST_RATES);
    expect(corruptPersonRecord(createRng('s'), PERSON, BANSOS_LIST_RATES)).toEqual(a);
  });

  it('injects each NIK error as described', () => {
    const rng = createRng(2);
    expect(corruptPersonRecord(rng, PERSON, { nik_missing: 1 }).record.nik).toBeNull();
    for (let i = 0; i < 200; i++) {
      const wrong = wrongDigit(rng, PERSON.nik);
      expect([...wrong].filter((d, j) => d !== PERSON.nik[j])).toHaveLength(1);
      const swapped = transposeDigits(rng, PERSON.nik);
      const diff = [...swapped].map((d, j) => (d !== PERSON.nik[j] ? j : -1)).filter((j) => j >= 0);
      expect(diff).toHaveLength(2);
      expect(diff[1]! - diff[0]!).toBe(1);
      expect([...swapped].sort().join('')).toBe([...PERSON.nik].sort().join(''));
    }
    const excel = corruptPersonRecord(rng, PERSON, { nik_excel_rounded: 1 });
    expect(excel.record.nik).toBe('5301055407760000');
    expect(excel.errors).toEqual(['nik_excel_rounded']);
  });

  it('realises the configured rates over many records', () => {
    const rng = createRng(3);
    const n = 20_000;
    const counts = new Map<CorruptionKind, number>();
    for (let i = 0; i < n; i++) {
      for (const e of corruptPersonRecord(rng, PERSON, BANSOS_LIST_RATES).errors)
        counts.set(e, (counts.get(e) ?? 0) + 1);
    }
    const share = (k: CorruptionKind) => (counts.get(k) ?? 0) / n;
    expect(share('nik_missing')).toBeCloseTo(0.03, 2);
    expect(share('nik_wrong_digit')).toBeCloseTo(0.02, 2);
    expect(share('nik_transposed')).toBeCloseTo(0.01, 2);
    expect(share('birth_year_off')).toBeCloseTo(0.02, 2);
    // This name always has a Muhammad token, so the Muhammad rate applies in full.
    expect(share('name_muhammad')).toBeGreaterThan(0.45);
    expect(share('name_muhammad')).toBeLessThan(0.55);
    // Day 14 cannot be a month: the swap never applies to this birth date.
    expect(share('birth_day_month_swapped')).toBe(0);
  });

  it('swaps day and month only when the day can be a month', () => {
    const out = corruptPersonRecord(
      createRng(4),
      { ...PERSON, birthDate: '1980-03-07' },
      { birth_day_month_swapped: 1 },
    );
    expect(out.record.birthDate).toBe('1980-07-03');
  });
});

describe('name variants', () => {
  it('produce names that normalise back to the original where normalisation should undo them', () => {
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      const m = muhammadVariant(rng, 'Muhammad Yusuf')!;
      expect(m).not.toBe('Muhammad Yusuf');
      expect(normalizePersonName(m)).toBe('muhammad yusuf');
    }
    expect(oldSpellingVariant(rng, 'Soekarno')).toBe('Sukarno');
    const old = oldSpellingVariant(rng, 'Joko Susilo')!;
    expect(normalizePersonName(old)).toBe('joko susilo');
    expect(titleVariant(rng, 'H. Ahmad Fauzi', 'L')).toBe('Ahmad Fauzi');
    expect(titleVariant(rng, 'Siti Aminah, S.Pd.', 'P')).toBe('Siti Aminah');
    expect(normalizePersonName(titleVariant(rng, 'Siti Aminah', 'P'))).toBe('siti aminah');
    for (let i = 0; i < 50; i++) expect(titleVariant(rng, 'Yohanes Tefa', 'L', false)).not.toMatch(/^H\. /);
    expect(muhammadVariant(rng, 'Yohanes Tefa')).toBeNull();
    expect(tokenOrderVariant(rng, 'Tefa')).toBeNull();
  });
});

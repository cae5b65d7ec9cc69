import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceRegionCodes } from '../regions/reference-regions.js';
import { parseKk } from './kk.js';
import { formatNik, inferBirthYear, isValidDate, maskIdentifier, parseNik } from './nik.js';

const regions = referenceRegionCodes();
const referenceDate = new Date('2026-11-29T00:00:00Z');
const codes = (nik: string) => parseNik(nik, { regions, referenceDate }).errors.map((e) => e.code);

describe('parseNik', () => {
  it('decodes a woman born 5 Dec 1990 in Kupang Barat', () => {
    expect(parseNik('5301054512900003', { regions, referenceDate })).toEqual({
      nik: '5301054512900003',
      valid: true,
      province_code: '53',
      regency_code: '53.01',
      district_code: '53.01.05',
      birth_date: '1990-12-05',
      sex: 'P',
      serial: '0003',
      errors: [],
      warnings: [],
    });
  });

  it('reads days 1–31 as men', () => {
    const parsed = parseNik('3174010101000001', { regions, referenceDate });
    expect([parsed.sex, parsed.birth_date, parsed.valid]).toEqual(['L', '2000-01-01', true]);
  });

  it.each([
    ['530105451290000', 'nik_format'],
    ['53010545129000031', 'nik_format'],
    ['53010545129O0003', 'nik_format'],
    ['0001054512900003', 'nik_region'],
    ['9901054512900003', 'nik_region'],
    ['5301053212900003', 'nik_birth_day'],
    ['5301057212900003', 'nik_birth_day'],
    ['5301050012900003', 'nik_birth_day'],
    ['5301050513900003', 'nik_birth_month'],
    ['5301053102900003', 'nik_birth_date'],
    ['5301052902010003', 'nik_birth_date'],
    ['5301050512900000', 'nik_serial'],
  ])('rejects %s (%s)', (nik, code) => {
    expect(codes(nik)).toContain(code);
  });

  it('accepts 29 February only in leap years, choosing the century first', () => {
    expect(parseNik('5301052902000003', { regions, referenceDate }).birth_date).toBe('2000-02-29');
    expect(parseNik('5301052902960003', { regions, referenceDate }).birth_date).toBe('1996-02-29');
    expect(codes('5301052902970003')).toContain('nik_birth_date');
  });

  it('infers the century from the reference date, or from a known birth year', () => {
    expect(parseNik('5301050101250001', { regions, referenceDate }).birth_date).toBe('2025-01-01');
    expect(parseNik('5301050101250001', { regions, referenceDate, birthYearHint: 1925 }).birth_date).toBe(
      '1925-01-01',
    );
    expect(parseNik('5301050101300001', { regions, referenceDate }).birth_date).toBe('1930-01-01');
    expect(inferBirthYear(26, referenceDate)).toBe(2026);
    expect(inferBirthYear(27, referenceDate)).toBe(1927);
  });

  it('rejects birth dates after the reference date', () => {
    expect(codes('5301053011260001')).toContain('nik_birth_future');
  });

  it('flags historical or unknown regencies and districts as warnings, not errors', () => {
    const parsed = parseNik('5399014512900003', { regions, referenceDate });
    expect(parsed.valid).toBe(true);
    expect(parsed.warnings.map((w) => w.code)).toEqual(['nik_region_historical']);
    const timorTimur = parseNik('5401014512900003', { regions, referenceDate });
    expect(timorTimur.valid).toBe(true);
    expect(timorTimur.warnings[0]?.code).toBe('nik_region_historical');
  });

  it('names the value and carries both languages in every error', () => {
    const [error] = parseNik('5301053212900003', { regions, referenceDate }).errors;
    expect(error?.message).toContain('5301053212900003');
    expect(error?.message_id).toContain('tidak mungkin');
  });

  const birthDate = fc
    .date({
      min: new Date('1927-01-01T00:00:00Z'),
      max: new Date('2026-11-29T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const district = fc.constantFrom('53.01.05', '31.74.01', '11.01.01', '94.71.01', '73.71.11');

  it('round-trips every real birth date, sex and serial through formatNik', () => {
    fc.assert(
      fc.property(
        district,
        birthDate,
        fc.constantFrom<'L' | 'P'>('L', 'P'),
        fc.integer({ min: 1, max: 9999 }),
        (d, born, sex, serial) => {
          const nik = formatNik({ district: d, birthDate: born, sex, serial });
          const parsed = parseNik(nik, { regions, referenceDate, birthYearHint: Number(born.slice(0, 4)) });
          expect(parsed.valid).toBe(true);
          expect(parsed.birth_date).toBe(born);
          expect(parsed.sex).toBe(sex);
          expect(parsed.district_code).toBe(d);
          expect(Number(parsed.serial)).toBe(serial);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('never accepts a string that is not 16 digits, and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (text) => {
        const parsed = parseNik(text, { regions, referenceDate });
        if (!/^\d{16}$/.test(text.trim())) expect(parsed.valid).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with the calendar on every day/month/year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2099 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (y, m, d) => {
          const date = new Date(Date.UTC(y, m - 1, d));
          expect(isValidDate(y, m, d)).toBe(date.getUTCDate() === d);
        },
      ),
    );
  });
});

describe('parseKk and masking', () => {
  it('checks the family card structure', () => {
    expect(parseKk('5301051203150007', { regions, referenceDate }).valid).toBe(true);
    expect(parseKk('5301051203150007', { regions, referenceDate }).recorded_on).toBe('2015-03-12');
    expect(parseKk('5301050000000007', { regions, referenceDate }).valid).toBe(true);
    expect(parseKk('5301053203150007', { regions, referenceDate }).errors[0]?.code).toBe('kk_date');
    expect(parseKk('53010512031500', { regions, referenceDate }).errors[0]?.code).toBe('kk_format');
  });

  it('masks all but the first and last four digits', () => {
    expect(maskIdentifier('5301054512900003')).toBe('5301********0003');
    expect(maskIdentifier(null)).toBeNull();
  });
});

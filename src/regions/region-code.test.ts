import fc from 'fast-check';
import { migrationRegencyKind, migrationVillageKind } from '../db/migrations/0002-regions.js';
import { describe, expect, it } from 'vitest';
import {
  isWithinRegion,
  parseRegionCode,
  regionAncestorCodes,
  regencyKind,
  villageKind,
} from './region-code.js';

describe('parseRegionCode', () => {
  it.each([
    ['53', '53', 1],
    ['5301', '53.01', 2],
    ['53.01', '53.01', 2],
    ['530105', '53.01.05', 3],
    ['5301052001', '53.01.05.2001', 4],
    [' 53.01.05.2001 ', '53.01.05.2001', 4],
  ])('%s → %s', (input, code, level) => {
    expect(parseRegionCode(input)).toEqual({ code, level });
  });

  it.each(['', '5', '531', '53.1', '53.01.05.201', '5301.05', 'ab', '53010520011'])('rejects %j', (input) => {
    expect(parseRegionCode(input)).toBeNull();
  });

  it('round-trips any dotted code through its undotted form', () => {
    const part = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));
    fc.assert(
      fc.property(part(2), part(2), part(2), part(4), fc.integer({ min: 1, max: 4 }), (p, r, d, v, level) => {
        const dotted = [p, r, d, v].slice(0, level).join('.');
        expect(parseRegionCode(dotted.replace(/\./g, ''))).toEqual({ code: dotted, level });
      }),
    );
  });
});

describe('region hierarchy helpers', () => {
  it('lists ancestors from the top', () => {
    expect(regionAncestorCodes('53.01.05.2001')).toEqual(['53', '53.01', '53.01.05']);
    expect(regionAncestorCodes('53')).toEqual([]);
  });
  it('tests containment on whole parts only', () => {
    expect(isWithinRegion('53.01.05', '53.01')).toBe(true);
    expect(isWithinRegion('53.01', '53.01')).toBe(true);
    expect(isWithinRegion('53.011', '53.01')).toBe(false);
    expect(isWithinRegion('52.01', '53')).toBe(false);
  });
  it('knows kota from kabupaten and kelurahan from desa', () => {
    expect(regencyKind('53.71')).toBe('kota');
    expect(regencyKind('53.01')).toBe('kabupaten');
    expect(villageKind('53.71.01.1001')).toBe('kelurahan');
    expect(villageKind('53.01.05.2001')).toBe('desa');
    expect(villageKind('51.01.01.3001')).toBe('desa_adat');
  });
  it("agrees with migration 0002's frozen copies of the kind rules", () => {
    for (const code of ['53.01', '53.70', '53.71', '31.99']) {
      expect(migrationRegencyKind(code)).toBe(regencyKind(code));
    }
    for (const code of ['53.71.01.1001', '53.01.05.2001', '51.01.01.3001', '51.01.01.4001']) {
      expect(migrationVillageKind(code)).toBe(villageKind(code));
    }
  });
});

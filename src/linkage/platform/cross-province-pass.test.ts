import { describe, expect, it } from 'vitest';
import { crossProvinceLinks } from './cross-province-pass.js';
import type { SourceRow } from './platform-records.js';

const row = (id: number, o: Partial<SourceRow>): SourceRow => ({
  table: 'program_enrolments',
  id,
  nik: null,
  name: 'Siti Rahayu',
  villageCode: '53.01.01.2001',
  kk: null,
  ...o,
});
const NIK = '3174015508800001';

describe('crossProvinceLinks', () => {
  it('links on a NIK exactly one person in another province holds', () => {
    const byNik = new Map([[NIK, [{ id: 7, province: '31' }]]]);
    expect(crossProvinceLinks([row(1, { nik: NIK })], byNik, new Map())).toEqual([
      { row: row(1, { nik: NIK }), personId: 7, key: 'nik' },
    ]);
  });

  it('leaves a NIK held by two persons, or by a person of the row’s own province, unlinked', () => {
    const two = new Map([
      [
        NIK,
        [
          { id: 7, province: '31' },
          { id: 8, province: '32' },
        ],
      ],
    ]);
    expect(crossProvinceLinks([row(1, { nik: NIK })], two, new Map())).toEqual([]);
    const same = new Map([[NIK, [{ id: 7, province: '53' }]]]);
    expect(crossProvinceLinks([row(1, { nik: NIK })], same, new Map())).toEqual([]);
  });

  it('without a valid NIK, links on No. KK with the same normalised name; never on a malformed NIK', () => {
    const byKk = new Map([['3174010101010001|siti rahayu', [{ id: 9, province: '31' }]]]);
    const rows = [
      row(1, { kk: '3174010101010001', name: 'SITI  RAHAYU' }),
      row(2, { kk: '3174010101010001', name: 'Budi Santoso' }),
      row(3, { nik: '31740155', kk: null }),
    ];
    expect(crossProvinceLinks(rows, new Map(), byKk).map((l) => [l.row.id, l.personId, l.key])).toEqual([
      [1, 9, 'kk_name'],
    ]);
  });
});

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { encodeCopyRow } from '../database.js';
import type { Migration } from '../migration.js';

/** Loads all Kemendagri regions from the idn-area-data package (data under ODbL; see NOTICE). */
export const regionsMigration: Migration = {
  name: '0002-regions',
  up: async (tx) => {
    await tx.copyFrom('regions', ['code', 'parent_code', 'level', 'name', 'kind'], regionRows());
  },
};

/** Where idn-area-data keeps its CSV files (src/regions/reference-regions.ts has its own copy: migrations import no live code). */
function idnAreaDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
}

function* regionRows(): Generator<string> {
  const dir = idnAreaDataDir();
  const read = (file: string) =>
    parse<Record<string, string>>(fs.readFileSync(path.join(dir, file)), {
      columns: true,
      skip_empty_lines: true,
    });
  // Parents before children so the foreign key holds row by row.
  for (const r of read('provinces.csv')) yield encodeCopyRow([r.code, null, 1, r.name, null]);
  for (const r of read('regencies.csv'))
    yield encodeCopyRow([r.code, r.province_code, 2, r.name, migrationRegencyKind(r.code!)]);
  for (const r of read('districts.csv')) yield encodeCopyRow([r.code, r.regency_code, 3, r.name, null]);
  for (const r of read('villages.csv'))
    yield encodeCopyRow([r.code, r.district_code, 4, r.name, migrationVillageKind(r.code!)]);
}

// Frozen copies of src/regions/region-code.ts at the time this migration was written: an applied migration must
// not change when live code does (region-code.test.ts checks the two agree today).

/** Regency codes whose own part is 71 or above are cities (kota). */
export function migrationRegencyKind(code: string): 'kabupaten' | 'kota' {
  return Number(code.slice(3, 5)) >= 71 ? 'kota' : 'kabupaten';
}

/** Village codes whose own part starts with 1 are kelurahan, 2 desa, 3 desa adat. */
export function migrationVillageKind(code: string): 'kelurahan' | 'desa' | 'desa_adat' {
  const first = code.slice(9, 10);
  return first === '1' ? 'kelurahan' : first === '3' ? 'desa_adat' : 'desa';
}

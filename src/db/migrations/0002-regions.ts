import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { encodeCopyRow } from '../database.js';
import type { Migration } from '../migrate.js';
import { regencyKind, villageKind } from '../../regions/region-code.js';

/** Loads all Kemendagri regions from the idn-area-data package (data under ODbL; see NOTICE). */
export const regionsMigration: Migration = {
  name: '0002-regions',
  up: async (tx) => {
    await tx.copyFrom('regions', ['code', 'parent_code', 'level', 'name', 'kind'], regionRows());
  },
};

export function idnAreaDataDir(): string {
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
    yield encodeCopyRow([r.code, r.province_code, 2, r.name, regencyKind(r.code!)]);
  for (const r of read('districts.csv')) yield encodeCopyRow([r.code, r.regency_code, 3, r.name, null]);
  for (const r of read('villages.csv'))
    yield encodeCopyRow([r.code, r.district_code, 4, r.name, villageKind(r.code!)]);
}

import fs from 'node:fs';
import path from 'node:path';
import { idnAreaDataDir } from '../db/migrations/0002-regions.js';
import type { RegionCodeSet } from '../identity/nik.js';

let cached: Set<string> | undefined;

/**
 * Province, regency and district codes straight from the idn-area-data files, for validating identifiers
 * without a database round trip (the same data the regions table is loaded from).
 */
export function referenceRegionCodes(): RegionCodeSet {
  if (!cached) {
    cached = new Set<string>();
    const dir = idnAreaDataDir();
    for (const file of ['provinces.csv', 'regencies.csv', 'districts.csv']) {
      const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
      for (let i = 1; i < lines.length; i++) {
        const code = lines[i]!.split(',', 1)[0]!.trim();
        if (code) cached.add(code);
      }
    }
  }
  return cached;
}

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
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

/** Where the idn-area-data package keeps its CSV files (provinces, regencies, districts, villages). */
export function idnAreaDataDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('idn-area-data/package.json')), 'data');
}

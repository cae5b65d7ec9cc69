import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { say, UserError } from '../shared/errors.js';
import { cellText } from './field-values.js';
import { resolveHeaders } from './header-match.js';
import { PROFILES } from './profiles/index.js';
import type { ProfileName } from './profiles/profile.js';
import { openSourceTable, prepareSource } from './source-file.js';

/** One province's part of a split file. */
export interface ProvincePart {
  /** Two digits; '00' for rows whose village code does not start with two digits (they are rejected there). */
  province: string;
  path: string;
  rows: number;
}

/**
 * Splits an import file into one CSV file per province (`entas import … --by-province`, docs/JOBS.md), written
 * into `outDir` as `PP.csv` (UTF-8, comma, every cell quoted, the original header line), rows in file order. A
 * row's province is the first two digits of its village code (KODE_WILAYAH), so each part imports as one
 * province's batch. In a DTSEN extract all rows of one No. KK follow its first row, so a family listed in two
 * provinces lands in one part, where the import rejects it as split over villages just as a whole-file import
 * would (the split keeps one entry per No. KK in memory: ~100 bytes a family).
 */
export async function splitByProvince(
  file: string,
  profile: ProfileName,
  outDir: string,
): Promise<ProvincePart[]> {
  const source = await prepareSource({ path: file });
  const table = await openSourceTable(source);
  const resolution = resolveHeaders(table.headers, PROFILES[profile].fields);
  const village = resolution.columns.get('KODE_WILAYAH');
  if (village === undefined)
    throw new UserError(
      say(
        `${path.basename(file)}: no village code column (KODE_WILAYAH): the file cannot be split by province`,
        `${path.basename(file)}: tidak ada kolom kode wilayah (KODE_WILAYAH): berkas tidak dapat dipecah per provinsi`,
      ),
      'invalid_file',
    );
  const kk = profile === 'dtsen' ? resolution.columns.get('NO_KK') : undefined;
  const kkProvince = new Map<string, string>();
  fs.mkdirSync(outDir, { recursive: true });
  const header = csvLine(table.headers);
  const parts = new Map<string, { out: fs.WriteStream; part: ProvincePart }>();
  try {
    for await (const { cells } of table.rows) {
      const code = cellText(cells[village]);
      let province = /^\d{2}/.test(code) ? code.slice(0, 2) : '00';
      if (kk !== undefined) {
        const key = cellText(cells[kk]);
        if (key !== '') {
          const first = kkProvince.get(key);
          if (first === undefined) kkProvince.set(key, province);
          else province = first;
        }
      }
      let entry = parts.get(province);
      if (!entry) {
        const partPath = path.join(outDir, `${province}.csv`);
        const out = fs.createWriteStream(partPath, { mode: 0o600 });
        out.write(header);
        entry = { out, part: { province, path: partPath, rows: 0 } };
        parts.set(province, entry);
      }
      entry.part.rows += 1;
      if (!entry.out.write(csvLine(cells.map(cellText)))) await once(entry.out, 'drain');
    }
  } finally {
    for (const { out } of parts.values()) {
      out.end();
      await once(out, 'finish');
    }
    await source.cleanup();
  }
  return [...parts.values()].map((e) => e.part).sort((a, b) => a.province.localeCompare(b.province));
}

const csvLine = (cells: readonly string[]) => `${cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')}\n`;

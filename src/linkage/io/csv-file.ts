/**
 * Reading record files for linkage: CSV (comma, quotes with "" escapes), headers and values trimmed, headers
 * lower-cased for case-insensitive matching, empty values as null. Errors name the file (and row).
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../../shared/errors.js';
import type { RecordTable } from '../record-table.js';

export function readCsvText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${path}: cannot read file (${code ?? String(error)})`, 'unreadable_file');
  }
}

/** Splits CSV text into rows of raw fields; a fast path handles lines without quotes. */
export function parseCsv(text: string, source: string): string[][] {
  const rows: string[][] = [];
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let quote = -1;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    if (quote !== Infinity && quote < pos) {
      quote = text.indexOf('"', pos);
      if (quote < 0) quote = Infinity;
    }
    if (quote > end) {
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop > pos) rows.push(text.slice(pos, stop).split(','));
      pos = end + 1;
      line++;
      continue;
    }
    // Quoted line: scan field by field, slicing unquoted fields and quoted runs instead of copying characters.
    const row: string[] = [];
    const startLine = line;
    let i = pos;
    for (;;) {
      if (text.charCodeAt(i) === 34) {
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0)
            throw new UserError(
              `${source}: row starting on line ${startLine}: unterminated quote`,
              'bad_csv',
            );
          value += text.slice(from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        for (let k = value.indexOf('\n'); k >= 0; k = value.indexOf('\n', k + 1)) line++;
        // Anything between the closing quote and the next separator is kept (lenient).
        let stop = i;
        while (stop < n && text.charCodeAt(stop) !== 44 && text.charCodeAt(stop) !== 10) stop++;
        row.push(value + text.slice(i, stop).replace(/\r$/, ''));
        i = stop;
      } else {
        let stop = i;
        while (stop < n && text.charCodeAt(stop) !== 44 && text.charCodeAt(stop) !== 10) stop++;
        row.push(text.slice(i, stop).replace(/\r$/, ''));
        i = stop;
      }
      if (i >= n || text.charCodeAt(i) === 10) break;
      i++; // separator
    }
    rows.push(row);
    pos = i + 1;
    line++;
  }
  return rows;
}

/** A record table from CSV text. `idColumn` must exist and be non-empty and unique. */
export function tableFromCsv(text: string, source: string, idColumn: string | null): RecordTable {
  const rows = parseCsv(text, source);
  if (rows.length === 0)
    throw new UserError(`${source}: file is empty (a header row is needed)`, 'empty_file');
  const headers = rows[0]!.map((h) => h.trim().toLowerCase());
  const columns = new Map<string, (string | null)[]>();
  const n = rows.length - 1;
  headers.forEach((h, c) => {
    if (!h) return;
    if (columns.has(h))
      throw new UserError(`${source}: column "${h}" appears twice in the header`, 'bad_csv');
    const values = new Array<string | null>(n);
    for (let r = 0; r < n; r++) {
      const v = rows[r + 1]![c];
      if (v === undefined) {
        values[r] = null;
        continue;
      }
      const t = v.trim();
      values[r] = t === '' ? null : t;
    }
    columns.set(h, values);
  });
  const ids: string[] = [];
  if (idColumn !== null) {
    const col = columns.get(idColumn);
    if (!col)
      throw new UserError(
        `${source}: missing id column "${idColumn}" (found: ${headers.join(', ')})`,
        'missing_column',
      );
    const seen = new Set<string>();
    for (let r = 0; r < n; r++) {
      const id = col[r];
      if (!id) throw new UserError(`${source}: row ${r + 2}: column "${idColumn}" is empty`, 'missing_id');
      if (seen.has(id))
        throw new UserError(`${source}: row ${r + 2}: id "${id}" appears more than once`, 'duplicate_id');
      seen.add(id);
      ids.push(id);
    }
  }
  return { source, headers: headers.filter(Boolean), ids, columns };
}

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
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const quote = text.indexOf('"', pos);
    if (quote < 0 || quote > end) {
      const stop = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (stop > pos) rows.push(text.slice(pos, stop).split(','));
      pos = end + 1;
      line++;
      continue;
    }
    const row: string[] = [];
    let field = '';
    let i = pos;
    let inQuotes = false;
    const startLine = line;
    for (; i < n; i++) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i++;
          } else inQuotes = false;
        } else {
          if (c === '\n') line++;
          field += c;
        }
      } else if (c === '"') inQuotes = true;
      else if (c === ',') {
        row.push(field);
        field = '';
      } else if (c === '\n') break;
      else if (c !== '\r') field += c;
    }
    if (inQuotes)
      throw new UserError(`${source}: row starting on line ${startLine}: unterminated quote`, 'bad_csv');
    row.push(field);
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

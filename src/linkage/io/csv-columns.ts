/**
 * Fast path for large record files: reads CSV bytes straight into interned columns (per record a code into the
 * column's distinct values), so no string is made per record and value, only per distinct value. Files read
 * together share each column's dictionary, so a code means the same value in both. Same dialect and messages as
 * csv-file.ts (quotes with "" escapes, CRLF, headers and values trimmed, headers lower-cased, empty → null).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { UserError } from '../../shared/errors.js';
import { ByteDictionary, hashBytes } from '../intern.js';
import { IdColumn } from './id-column.js';
import type { CodedColumn, RecordTable } from '../record-table.js';
import { parseCsv } from './csv-file.js';

function cannotRead(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  throw new UserError(`${path}: cannot read file (${code ?? String(error)})`, 'unreadable_file');
}

/** The header row of a CSV file (lower-cased, trimmed), read without loading the whole file. */
export function readCsvHeaders(path: string): string[] {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return cannotRead(path, error);
  }
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const chunk = Buffer.alloc(1 << 16);
      const got = readSync(fd, chunk, 0, chunk.length, null);
      chunks.push(chunk.subarray(0, got));
      if (got === 0 || chunk.subarray(0, got).includes(10)) break;
    }
    const all = Buffer.concat(chunks);
    const end = all.indexOf(10);
    return headerRow(all.subarray(0, end < 0 ? all.length : end), path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    return cannotRead(path, error);
  } finally {
    closeSync(fd);
  }
}

function headerRow(bytes: Uint8Array, source: string): string[] {
  const text = new TextDecoder().decode(bytes);
  return (parseCsv(text, source)[0] ?? []).map((h) => h.trim().toLowerCase());
}

const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);

/**
 * Reads `paths` (one file to deduplicate, or left and right) as record tables with `columns` interned (shared
 * dictionaries across the files) and ids checked (present, unique per file; with `ids: false` neither read nor
 * checked, every id ''). `columns` missing from a file are
 * left out of its table (the caller reports missing columns before reading).
 */
export function readCodedTables(
  paths: readonly string[],
  idColumn: string,
  columns: readonly string[],
  options: { ids?: boolean } = {},
): RecordTable[] {
  const dictionaries = new Map(columns.map((c) => [c, new ByteDictionary()]));
  const tables = paths.map((path) => readCodedTable(path, idColumn, dictionaries, options.ids ?? true));
  for (const [name, dictionary] of dictionaries) retrimUnicode(name, dictionary.values, tables);
  return tables;
}

function readCodedTable(
  source: string,
  idColumn: string,
  dictionaries: Map<string, ByteDictionary>,
  withIds: boolean,
): RecordTable {
  let bytes: Buffer;
  try {
    bytes = readFileSync(source);
  } catch (error) {
    return cannotRead(source, error);
  }
  const n = bytes.length;
  let pos = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let headerEnd = bytes.indexOf(10, pos);
  if (headerEnd < 0) headerEnd = n;
  const headers = headerRow(bytes.subarray(pos, headerEnd), source);
  if (headers.length === 0 || (headers.length === 1 && headers[0] === ''))
    throw new UserError(`${source}: file is empty (a header row is needed)`, 'empty_file');
  const seen = new Set<string>();
  for (const h of headers) {
    if (h && seen.has(h))
      throw new UserError(`${source}: column "${h}" appears twice in the header`, 'bad_csv');
    seen.add(h);
  }
  const idColumnIndex = headers.indexOf(idColumn);
  if (idColumnIndex < 0)
    throw new UserError(
      `${source}: missing id column "${idColumn}" (found: ${headers.filter(Boolean).join(', ')})`,
      'missing_column',
    );
  const idIndex = withIds ? idColumnIndex : -1;
  // Per file column: which output it feeds (-1: none).
  const slot = new Int32Array(headers.length).fill(-1);
  const outputs: { name: string; dictionary: ByteDictionary }[] = [];
  headers.forEach((h, c) => {
    const d = dictionaries.get(h);
    if (d) slot[c] = outputs.push({ name: h, dictionary: d }) - 1;
  });
  let capacity = 1;
  for (let i = bytes.indexOf(10, headerEnd + 1); i >= 0; i = bytes.indexOf(10, i + 1)) capacity++;
  const codes = outputs.map(() => new Int32Array(capacity));
  const ids = new IdColumn(withIds ? capacity : 0);
  const scratch = { bytes: new Uint8Array(256) };
  let rows = 0;
  let line = 2;
  pos = headerEnd + 1;
  while (pos < n) {
    const blank =
      bytes[pos] === 10 ? 1 : bytes[pos] === 13 && (pos + 1 === n || bytes[pos + 1] === 10) ? 2 : 0;
    if (blank > 0) {
      pos += blank;
      line++;
      continue;
    }
    const startLine = line;
    for (const out of codes) out[rows] = -1;
    let hasId = false;
    let col = 0;
    let i = pos;
    for (;;) {
      let buf: Uint8Array = bytes;
      let s: number;
      let e: number;
      // FNV-1a of the field as scanned (hashBytes inlined); recomputed below if trimming or quotes change it.
      let hash = 0x811c9dc5;
      let hashed = false;
      if (bytes[i] === 34) {
        // Quoted field: unescape into scratch, keep anything up to the separator (lenient), then trim.
        let len = 0;
        let from = i + 1;
        for (;;) {
          const q = bytes.indexOf(34, from);
          if (q < 0)
            throw new UserError(
              `${source}: row starting on line ${startLine}: unterminated quote`,
              'bad_csv',
            );
          len = append(scratch, len, bytes, from, q);
          for (let k = bytes.indexOf(10, from); k >= 0 && k < q; k = bytes.indexOf(10, k + 1)) line++;
          if (bytes[q + 1] === 34) {
            len = append(scratch, len, bytes, q + 1, q + 2);
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        let stop = i;
        while (stop < n && bytes[stop] !== 44 && bytes[stop] !== 10) stop++;
        len = append(scratch, len, bytes, i, stop);
        i = stop;
        buf = scratch.bytes;
        s = 0;
        e = len;
      } else {
        let stop = i;
        while (stop < n) {
          const b = bytes[stop]!;
          if (b === 44 || b === 10) break;
          hash = Math.imul(hash ^ b, 0x01000193);
          stop++;
        }
        s = i;
        e = stop;
        i = stop;
        hashed = true;
      }
      const scanned = e - s;
      while (s < e && isSpace(buf[s]!)) s++;
      while (e > s && isSpace(buf[e - 1]!)) e--;
      if (e > s) {
        if (!hashed || e - s !== scanned) hash = hashBytes(buf, s, e);
        else hash >>>= 0;
        if (col === idIndex) {
          ids.push(buf, s, e, hash);
          hasId = true;
        }
        const o = col < slot.length ? slot[col]! : -1;
        if (o >= 0) {
          // Records come grouped (families, villages): a value often repeats the previous row's.
          const out = codes[o]!;
          const dictionary = outputs[o]!.dictionary;
          const previous = rows > 0 ? out[rows - 1]! : -1;
          out[rows] =
            previous >= 0 && dictionary.holds(previous, buf, s, e)
              ? previous
              : dictionary.code(buf, s, e, hash);
        }
      }
      col++;
      if (i >= n || bytes[i] === 10) break;
      i++; // separator
    }
    if (withIds && !hasId)
      throw new UserError(`${source}: row ${rows + 2}: column "${idColumn}" is empty`, 'missing_id');
    rows++;
    pos = i + 1;
    line++;
  }
  const coded = new Map<string, CodedColumn>();
  outputs.forEach((o, k) =>
    coded.set(o.name, { codes: codes[k]!.subarray(0, rows), values: o.dictionary.values }),
  );
  const duplicate = withIds ? ids.firstDuplicate() : -1;
  if (duplicate >= 0)
    throw new UserError(
      `${source}: row ${duplicate + 2}: id "${ids.id(duplicate)}" appears more than once`,
      'duplicate_id',
    );
  // Ids are decoded when first asked for (writing the output).
  const idAt = withIds ? (i: number) => ids.id(i) : () => '';
  return codedTable(source, headers.filter(Boolean), rows, idAt, coded);
}

function append(scratch: { bytes: Uint8Array }, len: number, from: Uint8Array, s: number, e: number): number {
  const need = len + e - s;
  if (need > scratch.bytes.length) {
    const b = new Uint8Array(Math.max(need, scratch.bytes.length * 2));
    b.set(scratch.bytes.subarray(0, len));
    scratch.bytes = b;
  }
  const to = scratch.bytes;
  for (let k = s; k < e; k++) to[len + k - s] = from[k]!;
  return need;
}

/** A table whose `ids` and `columns` (strings per record) are only built if someone asks for them. */
function codedTable(
  source: string,
  headers: string[],
  size: number,
  idAt: (i: number) => string,
  coded: Map<string, CodedColumn>,
): RecordTable {
  let ids: string[] | undefined;
  let columns: Map<string, (string | null)[]> | undefined;
  return {
    source,
    headers,
    size,
    idAt,
    get ids() {
      ids ??= Array.from({ length: size }, (_, i) => idAt(i));
      return ids;
    },
    coded,
    get columns() {
      columns ??= new Map(
        [...coded].map(([name, { codes, values }]) => [
          name,
          Array.from(codes, (c) => (c < 0 ? null : values[c]!)),
        ]),
      );
      return columns;
    },
  };
}

/**
 * Values are trimmed of ASCII whitespace while reading; String.prototype.trim also removes Unicode spaces (no-break
 * space …). Values with those at either end are trimmed here and merged with their equals, so codes stay one per
 * value.
 */
function retrimUnicode(name: string, values: string[], tables: RecordTable[]): void {
  const edge = (c: number) => c > 127 && /\s/.test(String.fromCharCode(c));
  let affected = false;
  for (const v of values)
    if (edge(v.charCodeAt(0)) || edge(v.charCodeAt(v.length - 1))) {
      affected = true;
      break;
    }
  if (!affected) return;
  const index = new Map<string, number>();
  const merged: string[] = [];
  const remap = Int32Array.from(values, (v) => {
    const t = v.trim();
    if (t === '') return -1;
    let c = index.get(t);
    if (c === undefined) {
      c = merged.push(t) - 1;
      index.set(t, c);
    }
    return c;
  });
  for (const table of tables) {
    const column = table.coded?.get(name);
    if (!column) continue;
    const codes = column.codes.map((c) => (c < 0 ? -1 : remap[c]!));
    table.coded!.set(name, { codes, values: merged });
  }
}

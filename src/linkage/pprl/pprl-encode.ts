/**
 * Privacy-preserving mode (`entas link --pprl --key-file K`): both inputs are encoded with a key shared by the
 * two agencies before anything is compared, so the engine (and anyone holding the encoded files) never sees a
 * raw NIK, name or birth date.
 *
 *   nik, id, category, exact → HMAC-SHA256 (exact agreement only: digit-level errors can no longer be seen)
 *   name, text               → Bloom filter of word bigrams + keyed blocking keys (whole value, first word)
 *   date                     → Bloom filter of date parts + keyed blocking keys (whole date, year)
 *   region                   → unchanged (an administrative area, needed for region levels and blocking)
 *   address within a village → Bloom filter as text, compared only when the villages agree (as in plain mode)
 *
 * The derived NIK-birth-date field is dropped: a hashed NIK encodes no birth date.
 */
import { readFileSync } from 'node:fs';
import { normalizePersonName } from '../../identity/name.js';
import { UserError } from '../../shared/errors.js';
import { dateParser } from '../fields/date-field.js';
import { normaliseText, type FieldComparator } from '../fields/field.js';
import { categoryField } from '../fields/text-field.js';
import type { RecordTable } from '../record-table.js';
import type { FieldSettings, LinkSettings } from '../settings.js';
import { bigrams, BloomEncoder, dateTokens, keyedHash, toBase64 } from './bloom.js';
import { bloomField, bloomWithinRegionField } from './bloom-field.js';

const BLOCK_KEY_HEX = 24;

/** The shared key: the file's bytes without a trailing newline; at least 16 bytes. */
export function readKeyFile(path: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new UserError(
      `${path}: cannot read key file (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  if (end < 16) throw new UserError(`${path}: the key must be at least 16 bytes (found ${end})`, 'bad_key');
  return bytes.subarray(0, end);
}

/** One column's encoder: raw value → encoded value (null when missing or unusable). */
function columnEncoder(
  field: FieldSettings,
  key: Buffer,
  bloom: BloomEncoder,
): ((raw: string) => string | null) | null {
  const block = (v: string) => keyedHash(key, `${field.column}:${v}`, BLOCK_KEY_HEX);
  switch (field.type) {
    case 'nik':
    case 'id':
      return (raw) => {
        const digits = raw.replace(/\D/g, '');
        const value = digits || raw.trim().toLowerCase();
        return value ? keyedHash(key, `${field.type}:${value}`) : null;
      };
    case 'category':
    case 'exact':
      return (raw) => (raw.trim() ? keyedHash(key, `${field.column}:${raw.trim().toLowerCase()}`) : null);
    case 'name':
    case 'text':
      return (raw) => {
        const norm = field.type === 'name' ? normalizePersonName(raw) : normaliseText(raw);
        if (!norm) return null;
        const words = norm.split(' ');
        const whole = field.type === 'name' ? [...words].sort().join(' ') : norm;
        return `${toBase64(bloom.encode(bigrams(words)))}~${block(whole)}~${block(words[0]!)}`;
      };
    case 'date': {
      const parse = dateParser(field.format);
      return (raw) => {
        const d = parse(raw);
        if (!d) return null;
        return `${toBase64(bloom.encode(dateTokens(d.y, d.m, d.d)))}~${block(d.s)}~${block(String(d.y))}`;
      };
    }
    case 'region':
      return null;
  }
}

/** The table with every compared column encoded (ids and region columns unchanged); each distinct value once. */
export function encodeTable(table: RecordTable, settings: LinkSettings, key: Buffer): RecordTable {
  const bloom = new BloomEncoder(key);
  const columns = new Map(table.columns);
  for (const field of settings.fields) {
    const encode = columnEncoder(field, key, bloom);
    const values = table.columns.get(field.column);
    if (!encode || !values) continue;
    const cache = new Map<string, string | null>();
    columns.set(
      field.column,
      values.map((v) => {
        if (v === null) return null;
        let e = cache.get(v);
        if (e === undefined) {
          e = encode(v);
          cache.set(v, e);
        }
        return e;
      }),
    );
  }
  return { source: table.source, headers: table.headers, ids: table.ids, columns };
}

/**
 * Comparators for encoded tables, in place of the plain ones (`plain`, from buildComparators on the same
 * settings): keyed hashes compare exactly, Bloom filters by Dice, regions as before; NIK-birth-date dropped.
 */
export function pprlComparators(
  settings: LinkSettings,
  plain: readonly FieldComparator[],
): FieldComparator[] {
  return settings.fields.map((f) => {
    switch (f.type) {
      case 'nik':
      case 'id':
      case 'category':
      case 'exact':
        return categoryField(f.column, 'exact', f.tf ?? false);
      case 'name':
        return bloomField(f.column, 'name', f.tf ?? true);
      case 'text':
        // An address within its village, as in the plain mode (the village column stays unencoded).
        return f.within
          ? bloomWithinRegionField(f.column, f.within)
          : bloomField(f.column, 'text', f.tf ?? false);
      case 'date':
        return bloomField(f.column, 'date', f.tf ?? false);
      case 'region':
        return plain.find((c) => c.label === f.column)!;
    }
  });
}

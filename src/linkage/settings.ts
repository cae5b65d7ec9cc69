/**
 * Linkage settings: which columns are compared how, blocking rules and decision thresholds.
 *
 *   {"id": "rec_id", "fields": [{"column": "given_name", "type": "name"}, {"column": "date_of_birth",
 *    "type": "date", "format": "YYYYMMDD"}], "blocking": [["date_of_birth"], ["given_name", "surname"]],
 *    "thresholds": {"match": 0.5, "review": 0.2}, "one_to_one": true}
 *
 * Blocking keys are column names, optionally with a modifier: `name:first` (first name token), `date:year`,
 * `region:district|regency|province`, `text:first`. Without `blocking`, rules are derived from the field types.
 */
import { UserError } from '../shared/errors.js';

export const FIELD_TYPES = ['name', 'text', 'nik', 'id', 'date', 'category', 'exact', 'region'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSettings {
  column: string;
  type: FieldType;
  /** Date format such as YYYYMMDD, DD/MM/YYYY; default: ISO, YYYYMMDD, DD/MM/YYYY and DD-MM-YYYY recognised. */
  format?: string;
  /** Term-frequency adjustment of the exact level (default: on for name fields). */
  tf?: boolean;
  /** Text fields: compared only within agreement on this region field (an address within its village). */
  within?: string;
}

export interface LinkSettings {
  id: string;
  fields: FieldSettings[];
  blocking?: string[][];
  thresholds: { match: number; review: number };
  /**
   * Keep each record in at most one output pair (greedy assignment). Alone (without `deduplicated`) it also
   * declares both lists deduplicated.
   */
  oneToOne: boolean;
  /**
   * Which inputs hold each person at most once: their records' candidates then compete for them (match
   * probabilities under that constraint, src/linkage/matching.ts). `both` makes one-to-one the default.
   */
  deduplicated?: Deduplicated;
  /**
   * The right records are expected to have their match in the (deduplicated) left list — bansos recipients
   * and cooperative members in DTSEN: a right record's prior odds of matching none of its candidates are then
   * the share of right records without a near-certain match, not 1 (engine.ts, unmatchedShare).
   */
  rightCovered?: boolean;
  /** Random pairs drawn to estimate u-probabilities. */
  uSample: number;
  /** Refuse to score more candidate pairs than this (a blocking rule that is too loose). */
  maxPairs: number;
  /** Largest cluster dedupe builds before it refuses further merges (guards against chaining). */
  maxClusterSize: number;
}

export const DEDUPLICATED = ['none', 'left', 'right', 'both'] as const;
export type Deduplicated = (typeof DEDUPLICATED)[number];

/** Whether each input is deduplicated (`one_to_one` without `deduplicated` declares both). */
export function deduplicatedSides(settings: Pick<LinkSettings, 'oneToOne' | 'deduplicated'>): {
  left: boolean;
  right: boolean;
} {
  const d = settings.deduplicated ?? (settings.oneToOne ? 'both' : 'none');
  return { left: d === 'left' || d === 'both', right: d === 'right' || d === 'both' };
}

export const BLOCKING_MODIFIERS = ['first', 'year', 'district', 'regency', 'province'] as const;

/** The Indonesian person preset: `id, nik, name, birth_date, sex, village_code` and optional `address, kk`. */
export function personPreset(headers: readonly string[]): LinkSettings {
  const has = (c: string) => headers.includes(c);
  const fields: FieldSettings[] = [
    { column: 'nik', type: 'nik' },
    { column: 'name', type: 'name' },
    // Registries heap unknown birth dates on 1 January, 1 July or 31 December: agreeing there says little.
    { column: 'birth_date', type: 'date', tf: true },
    { column: 'sex', type: 'category' },
    { column: 'village_code', type: 'region' },
  ];
  // An address lies inside its village: compared within it, so agreeing on both does not count the village twice.
  if (has('address')) fields.push({ column: 'address', type: 'text', within: 'village_code' });
  if (has('kk')) fields.push({ column: 'kk', type: 'id' });
  return {
    ...DEFAULTS,
    id: 'id',
    fields,
    blocking: [
      ['nik'],
      ['birth_date', 'village_code:district'],
      // Same name in the same village (not district): in crowded districts a name shared district-wide makes
      // most of the pairs (6 M instead of 2 M at 1 M × 480 k); a moved person is still found by the other rules.
      ['name', 'village_code'],
      ['name:first', 'birth_date:year', 'village_code:district'],
    ],
  };
}

const DEFAULTS = {
  thresholds: { match: 0.5, review: 0.2 },
  oneToOne: false,
  uSample: 60_000,
  maxPairs: 60_000_000,
  maxClusterSize: 500,
};

/** Validates settings JSON (already parsed); `source` names the file in messages. */
export function parseSettings(json: unknown, source: string): LinkSettings {
  const fail = (message: string): never => {
    throw new UserError(`${source}: ${message}`, 'invalid_settings');
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail('settings must be a JSON object');
  const o = json as Record<string, unknown>;
  const known = [
    'id',
    'fields',
    'blocking',
    'thresholds',
    'one_to_one',
    'deduplicated',
    'u_sample',
    'max_pairs',
    'max_cluster_size',
  ];
  for (const key of Object.keys(o)) if (!known.includes(key)) fail(`unknown setting "${key}"`);
  if (typeof o.id !== 'string' || !o.id.trim()) fail('"id" must name the record id column');
  if (!Array.isArray(o.fields) || o.fields.length === 0) fail('"fields" must be a non-empty array');
  const fields = (o.fields as unknown[]).map((raw, i): FieldSettings => {
    if (typeof raw !== 'object' || raw === null) return fail(`fields[${i}] must be an object`);
    const f = raw as Record<string, unknown>;
    if (typeof f.column !== 'string' || !f.column.trim()) fail(`fields[${i}].column must be a column name`);
    const column = (f.column as string).trim().toLowerCase();
    if (!FIELD_TYPES.includes(f.type as FieldType))
      fail(`field "${column}": unknown type "${String(f.type)}" (expected ${FIELD_TYPES.join('|')})`);
    if (f.format !== undefined && (typeof f.format !== 'string' || !/^[YMD/.\- ]+$/.test(f.format)))
      fail(`field "${column}": format must be made of YYYY, MM, DD and separators`);
    if (f.format !== undefined && f.type !== 'date')
      fail(`field "${column}": only date fields take a format`);
    if (f.tf !== undefined && typeof f.tf !== 'boolean') fail(`field "${column}": tf must be true or false`);
    return {
      column,
      type: f.type as FieldType,
      ...(f.format ? { format: f.format as string } : {}),
      ...(f.tf !== undefined ? { tf: f.tf as boolean } : {}),
    };
  });
  const columns = new Set(fields.map((f) => f.column));
  if (columns.size !== fields.length) fail('each column may appear in "fields" only once');
  let blocking: string[][] | undefined;
  if (o.blocking !== undefined) {
    if (!Array.isArray(o.blocking) || o.blocking.length === 0)
      fail('"blocking" must be a non-empty array of column lists');
    blocking = (o.blocking as unknown[]).map((rule, i) => {
      if (!Array.isArray(rule) || rule.length === 0 || !rule.every((c) => typeof c === 'string'))
        return fail(`blocking[${i}] must be a non-empty array of column names`);
      return rule.map((key) => {
        const [col, modifier] = key.trim().toLowerCase().split(':') as [string, string | undefined];
        if (!columns.has(col)) fail(`blocking[${i}]: "${col}" is not one of the fields`);
        if (modifier !== undefined && !(BLOCKING_MODIFIERS as readonly string[]).includes(modifier))
          fail(`blocking[${i}]: unknown modifier ":${modifier}" (expected ${BLOCKING_MODIFIERS.join('|')})`);
        return modifier ? `${col}:${modifier}` : col;
      });
    });
  }
  const thresholds = { ...DEFAULTS.thresholds };
  if (o.thresholds !== undefined) {
    const t = o.thresholds as Record<string, unknown>;
    for (const k of ['match', 'review'] as const) {
      if (t[k] === undefined) continue;
      const v = t[k];
      if (typeof v !== 'number' || !(v > 0 && v < 1))
        fail(`thresholds.${k} must be a probability between 0 and 1`);
      thresholds[k] = v as number;
    }
    if (thresholds.review > thresholds.match) fail('thresholds.review must not exceed thresholds.match');
  }
  const positive = (key: string, dflt: number): number => {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      return fail(`"${key}" must be a positive integer`);
    return v;
  };
  if (o.one_to_one !== undefined && typeof o.one_to_one !== 'boolean')
    fail('"one_to_one" must be true or false');
  if (o.deduplicated !== undefined && !(DEDUPLICATED as readonly unknown[]).includes(o.deduplicated))
    fail(`"deduplicated" must be one of ${DEDUPLICATED.join(', ')}`);
  const deduplicated = o.deduplicated as Deduplicated | undefined;
  return {
    id: (o.id as string).trim().toLowerCase(),
    fields,
    ...(blocking ? { blocking } : {}),
    thresholds,
    // One-to-one by default when both lists are declared deduplicated.
    oneToOne: o.one_to_one === undefined ? deduplicated === 'both' : o.one_to_one === true,
    ...(deduplicated ? { deduplicated } : {}),
    uSample: positive('u_sample', DEFAULTS.uSample),
    maxPairs: positive('max_pairs', DEFAULTS.maxPairs),
    maxClusterSize: positive('max_cluster_size', DEFAULTS.maxClusterSize),
  };
}

/**
 * Blocking rules derived from field types when settings give none: every nik/id field alone, each date with
 * each name, all name fields together, each region/category field with the first name field, then each
 * name, date and text field alone (skipped when they would give more than 20 pairs per record).
 */
export function defaultBlockingRules(fields: readonly FieldSettings[]): string[][] {
  const rules: string[][] = [];
  const of = (...types: FieldType[]) => fields.filter((f) => types.includes(f.type)).map((f) => f.column);
  const names = of('name');
  const dates = of('date');
  for (const c of of('nik', 'id')) rules.push([c]);
  for (const d of dates) for (const n of names) rules.push([d, n]);
  if (names.length > 0) rules.push(names);
  if (names.length > 0) for (const c of of('region', 'category')) rules.push([c, names[0]!]);
  // Single columns last: on small inputs they raise recall; on large ones blocking skips them as too loose.
  for (const c of [...names, ...dates, ...of('text')]) rules.push([c]);
  if (rules.length === 0) {
    const text = of('text');
    if (text.length > 0) rules.push([text[0]!]);
    else rules.push([fields[0]!.column]);
  }
  return rules;
}

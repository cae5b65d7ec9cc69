import { createHash } from 'node:crypto';
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { say, UserError, type Bilingual } from '../shared/errors.js';
import {
  DISAGGREGATIONS,
  GRANULARITIES,
  subjectOf,
  type Disaggregation,
  type Granularity,
} from './subjects.js';

/** Numerator or denominator: rows of the subject passing every flag in `where`, counted or a measure summed. */
export interface Quantity {
  /** 'count' counts rows (or distinct units, per the subject); otherwise the measure summed. */
  sum: string | null;
  where: string[];
}

export const UNITS = ['percent', 'per_mille', 'ratio', 'count', 'rupiah'] as const;
export type IndicatorUnit = (typeof UNITS)[number];

export interface IndicatorDefinition {
  id: string;
  name: Bilingual;
  description: Bilingual;
  subject: string;
  numerator: Quantity;
  /** null: the indicator is the numerator itself (a count or a sum). */
  denominator: Quantity | null;
  factor: 1 | 100 | 1000;
  unit: IndicatorUnit;
  periods: Granularity[];
  disaggregations: Disaggregation[];
}

export interface IndicatorSet {
  name: string;
  indicators: IndicatorDefinition[];
}

const ID = /^[a-z][a-z0-9_]{1,62}$/;

/** One problem with a definition file, named by its path inside the file and its line. */
export class DefinitionError extends UserError {
  constructor(file: string, line: number | null, path: string, en: string, id: string) {
    const where = `${file}${line === null ? '' : `:${line}`}: ${path}`;
    super(say(`${where}: ${en}`, `${where}: ${id}`), 'invalid_indicator_definition');
  }
}

/**
 * Parses and checks an indicator set (YAML). Every id, flag, measure and disaggregation is checked against the
 * subject catalogue, so a definition that parses can be computed. Errors name the file, line and field.
 */
export function parseIndicatorSet(text: string, file: string): IndicatorSet {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lines.linePos(e.pos[0]).line;
    throw new DefinitionError(
      file,
      line,
      '(file)',
      `not valid YAML: ${e.message}`,
      `bukan YAML sah: ${e.message}`,
    );
  }
  const lineOf = (path: (string | number)[]): number | null => {
    const node = doc.getIn(path, true) as Node | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? null : lines.linePos(offset).line;
  };
  const fail = (path: (string | number)[], en: string, id: string): never => {
    throw new DefinitionError(file, lineOf(path), render(path), en, id);
  };
  if (!isMap(doc.contents))
    fail([], 'expected a mapping with set and indicators', 'harus berupa mapping dengan set dan indicators');
  const raw = doc.toJS() as Record<string, unknown>;
  const set = raw.set;
  if (typeof set !== 'string' || !ID.test(set))
    fail(['set'], 'set: give a lower-case name', 'set: berikan nama huruf kecil');
  if (!isSeq(doc.get('indicators')))
    fail(['indicators'], 'expected a list of indicators', 'harus berupa daftar indikator');
  const list = raw.indicators as unknown[];
  const seen = new Set<string>();
  const indicators = list.map((item, i) => {
    const def = parseIndicator(item, ['indicators', i], fail);
    if (seen.has(def.id)) fail(['indicators', i, 'id'], `duplicate id "${def.id}"`, `id "${def.id}" ganda`);
    seen.add(def.id);
    return def;
  });
  return { name: set as string, indicators };
}

type Fail = (path: (string | number)[], en: string, id: string) => never;

const KEYS = [
  'id',
  'name',
  'description',
  'subject',
  'numerator',
  'denominator',
  'factor',
  'unit',
  'periods',
  'disaggregations',
];

function parseIndicator(item: unknown, at: (string | number)[], fail: Fail): IndicatorDefinition {
  if (!isRecord(item)) return fail(at, 'expected a mapping', 'harus berupa mapping');
  for (const key of Object.keys(item)) {
    if (!KEYS.includes(key))
      fail(
        [...at, key],
        `unknown field (use ${KEYS.join(', ')})`,
        `kolom tidak dikenal (gunakan ${KEYS.join(', ')})`,
      );
  }
  const id = item.id;
  if (typeof id !== 'string' || !ID.test(id))
    fail([...at, 'id'], 'give a lower-case id (a-z, 0-9, _)', 'berikan id huruf kecil (a-z, 0-9, _)');
  const name = bilingual(item.name, [...at, 'name'], fail);
  const description = bilingual(item.description, [...at, 'description'], fail);
  const subject = subjectOf(String(item.subject));
  if (!subject)
    return fail(
      [...at, 'subject'],
      `unknown subject "${String(item.subject)}"`,
      `subjek "${String(item.subject)}" tidak dikenal`,
    );
  const quantity = (value: unknown, key: string): Quantity => {
    const path = [...at, key];
    if (!isRecord(value))
      return fail(
        path,
        'expected { count: rows } or { sum: MEASURE }, with optional where',
        'harus { count: rows } atau { sum: UKURAN }, dengan where opsional',
      );
    const hasCount = 'count' in value;
    const hasSum = 'sum' in value;
    if (hasCount === hasSum)
      fail(path, 'give exactly one of count and sum', 'berikan tepat satu dari count dan sum');
    if (hasCount && value.count !== 'rows')
      fail([...path, 'count'], 'count takes the value rows', 'count bernilai rows');
    if (hasSum && !subject.measures.includes(String(value.sum)))
      fail(
        [...path, 'sum'],
        `unknown measure "${String(value.sum)}" (subject ${subject.id} has: ${subject.measures.join(', ') || 'none'})`,
        `ukuran "${String(value.sum)}" tidak dikenal (subjek ${subject.id} punya: ${subject.measures.join(', ') || 'tidak ada'})`,
      );
    const where = value.where ?? [];
    if (!Array.isArray(where))
      return fail([...path, 'where'], 'expected a list of flags', 'harus berupa daftar penanda');
    where.forEach((flag, i) => {
      if (!subject.flags.includes(String(flag)))
        fail(
          [...path, 'where', i],
          `unknown flag "${String(flag)}" (subject ${subject.id} has: ${subject.flags.join(', ')})`,
          `penanda "${String(flag)}" tidak dikenal (subjek ${subject.id} punya: ${subject.flags.join(', ')})`,
        );
    });
    for (const k of Object.keys(value))
      if (!['count', 'sum', 'where'].includes(k))
        fail(
          [...path, k],
          'unknown field (use count, sum, where)',
          'kolom tidak dikenal (gunakan count, sum, where)',
        );
    return { sum: hasSum ? String(value.sum) : null, where: where.map(String) };
  };
  const numerator = quantity(item.numerator, 'numerator');
  const denominator =
    item.denominator === undefined || item.denominator === null
      ? null
      : quantity(item.denominator, 'denominator');
  const factor = item.factor ?? 1;
  if (factor !== 1 && factor !== 100 && factor !== 1000)
    fail([...at, 'factor'], 'factor is 1, 100 or 1000', 'factor bernilai 1, 100 atau 1000');
  const unit = item.unit;
  if (!UNITS.includes(unit as IndicatorUnit))
    fail([...at, 'unit'], `unit is one of ${UNITS.join(', ')}`, `unit salah satu dari ${UNITS.join(', ')}`);
  if ((unit === 'percent') !== (factor === 100) || (unit === 'per_mille') !== (factor === 1000))
    fail(
      [...at, 'factor'],
      `factor ${String(factor)} does not fit unit ${String(unit)} (percent: 100, per_mille: 1000)`,
      `factor ${String(factor)} tidak cocok dengan unit ${String(unit)} (percent: 100, per_mille: 1000)`,
    );
  if (denominator === null && (unit === 'percent' || unit === 'per_mille' || unit === 'ratio'))
    fail(
      [...at, 'denominator'],
      `unit ${String(unit)} needs a denominator`,
      `unit ${String(unit)} memerlukan penyebut`,
    );
  const periods = list(item.periods, [...at, 'periods'], fail, GRANULARITIES, 'period');
  if (periods.length === 0)
    fail(
      [...at, 'periods'],
      'name at least one period (month, quarter, year)',
      'sebutkan minimal satu periode (month, quarter, year)',
    );
  if (subject.kind === 'stock')
    periods.forEach((g, i) => {
      if (g !== 'month')
        fail(
          [...at, 'periods', i],
          `subject ${subject.id} holds month-end positions: only month can be computed (a ${g} would add up its month ends)`,
          `subjek ${subject.id} berisi posisi akhir bulan: hanya month yang dapat dihitung (${g} akan menjumlahkan akhir-akhir bulannya)`,
        );
    });
  const disaggregations = list(
    item.disaggregations ?? [],
    [...at, 'disaggregations'],
    fail,
    DISAGGREGATIONS,
    'disaggregation',
  );
  disaggregations.forEach((d, i) => {
    if (!subject.disaggregations.includes(d))
      fail(
        [...at, 'disaggregations', i],
        `subject ${subject.id} cannot be broken down by ${d} (it has: ${subject.disaggregations.join(', ')})`,
        `subjek ${subject.id} tidak dapat dirinci menurut ${d} (tersedia: ${subject.disaggregations.join(', ')})`,
      );
  });
  return {
    id: id,
    name,
    description,
    subject: subject.id,
    numerator,
    denominator,
    factor: factor,
    unit: unit as IndicatorUnit,
    periods,
    disaggregations,
  };
}

function list<T extends string>(
  value: unknown,
  path: (string | number)[],
  fail: Fail,
  allowed: readonly T[],
  what: string,
): T[] {
  if (!Array.isArray(value))
    return fail(
      path,
      `expected a list (${allowed.join(', ')})`,
      `harus berupa daftar (${allowed.join(', ')})`,
    );
  const out: T[] = [];
  value.forEach((v, i) => {
    if (!allowed.includes(v as T))
      fail(
        [...path, i],
        `unknown ${what} "${String(v)}" (use ${allowed.join(', ')})`,
        `${what} "${String(v)}" tidak dikenal (gunakan ${allowed.join(', ')})`,
      );
    if (out.includes(v as T))
      fail([...path, i], `"${String(v)}" given twice`, `"${String(v)}" disebut dua kali`);
    out.push(v as T);
  });
  return out;
}

function bilingual(value: unknown, path: (string | number)[], fail: Fail): Bilingual {
  if (
    !isRecord(value) ||
    typeof value.id !== 'string' ||
    typeof value.en !== 'string' ||
    !value.id.trim() ||
    !value.en.trim()
  )
    return fail(path, 'give both languages: { id: …, en: … }', 'berikan kedua bahasa: { id: …, en: … }');
  return { id: value.id.trim(), en: value.en.trim() };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function render(path: (string | number)[]): string {
  return (
    path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') ||
    '(file)'
  );
}

/**
 * The hash that versions a definition: only what changes the numbers (subject, numerator, denominator, factor,
 * periods, disaggregations), not the names and descriptions.
 */
export function definitionHash(def: IndicatorDefinition): string {
  const { subject, numerator, denominator, factor, periods, disaggregations } = def;
  const canonical = JSON.stringify({
    subject,
    numerator: { sum: numerator.sum, where: [...numerator.where].sort() },
    denominator: denominator && { sum: denominator.sum, where: [...denominator.where].sort() },
    factor,
    periods: [...periods].sort(),
    disaggregations: [...disaggregations].sort(),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The value an indicator shows for one numerator and denominator (null when the denominator is 0 or absent where needed). */
export function indicatorValue(
  def: Pick<IndicatorDefinition, 'factor' | 'denominator'>,
  numerator: number,
  denominator: number | null,
): number | null {
  if (def.denominator === null) return numerator * def.factor;
  if (denominator === null || denominator === 0) return null;
  return (def.factor * numerator) / denominator;
}

/** Period text for a granularity: 2026-05, 2026Q2, 2026 (checked; null if it does not parse). */
export function parsePeriod(text: string): { granularity: Granularity; period: string } | null {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return { granularity: 'month', period: text };
  const q = /^(\d{4})-?[Qq]([1-4])$/.exec(text);
  if (q) return { granularity: 'quarter', period: `${q[1]}Q${q[2]}` };
  if (/^\d{4}$/.test(text)) return { granularity: 'year', period: text };
  return null;
}

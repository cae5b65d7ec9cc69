import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { say, UserError } from '../shared/errors.js';
import { indicatorValue, parsePeriod, type IndicatorDefinition, type IndicatorSet } from './definition.js';
import { allDefinitions } from './definition-files.js';
import { IndicatorRepository, type StoredValue } from './indicator-repository.js';
import { parseRegionCode } from '../regions/region-code.js';

export interface IndicatorValueRow {
  region_code: string;
  region_name: string;
  region_level: number;
  period: string;
  disaggregation: string;
  category: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
}

export interface IndicatorReading {
  def: IndicatorDefinition;
  /** null: this definition was never refreshed (no values yet). */
  version: number | null;
  /** '' = the nation. */
  region: string;
  refreshed_at: Date | null;
  values: IndicatorValueRow[];
}

export interface ReadOptions {
  id: string;
  /** '' = the nation; a checked region code otherwise. */
  region: string;
  period?: string | undefined;
  disaggregation?: string | undefined;
  children?: boolean | undefined;
}

/** One definition by id, or a not_found error naming it. */
export function findDefinition(sets: IndicatorSet[], id: string): IndicatorDefinition {
  const found = allDefinitions(sets).find((d) => d.def.id === id)?.def;
  if (!found)
    throw new UserError(
      say(
        `unknown indicator "${id}" (see indicators list)`,
        `indikator "${id}" tidak dikenal (lihat indicators list)`,
      ),
      'not_found',
    );
  return found;
}

/** Checks a requested period and disaggregation against the definition (clear errors naming the value). */
export function checkReadOptions(
  def: IndicatorDefinition,
  options: Pick<ReadOptions, 'period' | 'disaggregation'>,
) {
  let period: string | undefined;
  if (options.period !== undefined) {
    const parsed = parsePeriod(options.period);
    if (!parsed)
      throw new UserError(
        say(
          `invalid period "${options.period}": use YYYY-MM, YYYYQn or YYYY`,
          `periode "${options.period}" tidak sah: gunakan YYYY-MM, YYYYQn atau YYYY`,
        ),
        'invalid_period',
      );
    if (!def.periods.includes(parsed.granularity))
      throw new UserError(
        say(
          `indicator ${def.id} is computed by ${def.periods.join(', ')}, not by ${parsed.granularity}`,
          `indikator ${def.id} dihitung per ${def.periods.join(', ')}, bukan per ${parsed.granularity}`,
        ),
        'invalid_period',
      );
    period = parsed.period;
  }
  const d = options.disaggregation;
  if (d !== undefined && d !== '' && !def.disaggregations.includes(d as never))
    throw new UserError(
      say(
        `indicator ${def.id} is not broken down by "${d}" (it is by: ${def.disaggregations.join(', ') || 'nothing'})`,
        `indikator ${def.id} tidak dirinci menurut "${d}" (dirinci menurut: ${def.disaggregations.join(', ') || 'tidak ada'})`,
      ),
      'invalid_disaggregation',
    );
  return { period, disaggregation: d ?? '' };
}

/** Stored values of one indicator for one region node (or its children), with the value computed. */
export async function readIndicator(
  db: Kysely<DB>,
  sets: IndicatorSet[],
  options: ReadOptions,
): Promise<IndicatorReading> {
  const def = findDefinition(sets, options.id);
  const { period, disaggregation } = checkReadOptions(def, options);
  const repo = new IndicatorRepository(db);
  const version = await repo.storedVersion(def);
  if (version === null) return { def, version, region: options.region, refreshed_at: null, values: [] };
  const rows = await repo.values({
    indicatorId: def.id,
    version,
    region: options.region,
    period,
    disaggregation,
    children: options.children,
  });
  const codes = [...new Set(rows.map((r) => r.region_code).filter((c) => c !== ''))];
  const names = new Map(
    codes.length === 0
      ? []
      : (await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', codes).execute()).map(
          (r) => [r.code, r.name],
        ),
  );
  const refreshed = rows.reduce<Date | null>(
    (m, r) => (m === null || r.refreshed_at > m ? r.refreshed_at : m),
    null,
  );
  return {
    def,
    version,
    region: options.region,
    refreshed_at: refreshed,
    values: rows.map((r) => ({
      region_code: r.region_code,
      region_name: r.region_code === '' ? 'Indonesia' : (names.get(r.region_code) ?? r.region_code),
      region_level: r.region_level,
      period: r.period,
      disaggregation: r.disaggregation,
      category: r.category,
      numerator: r.numerator,
      denominator: r.denominator,
      value: indicatorValue(def, r.numerator, r.denominator),
    })),
  };
}

export interface ChildValue {
  period: string;
  disaggregation: string;
  category: string;
  numerator: number;
  denominator: number | null;
  value: number | null;
}

export interface ChildrenReading {
  def: IndicatorDefinition;
  version: number | null;
  /** '' = the nation. */
  region: string;
  region_name: string;
  /** The period read: the one asked for, else the node's latest stored period of the finest granularity. */
  period: string | null;
  disaggregation: string;
  refreshed_at: Date | null;
  /** The node's own values (the total, or one per category). */
  values: ChildValue[];
  /** Every child region of the node (from the region tree), in code order; no values = nothing counted there. */
  children: { region_code: string; region_name: string; region_level: number; values: ChildValue[] }[];
}

/** Latest-first period order within one granularity is lexical (2026-05 > 2026-04, 2026Q2 > 2026Q1). */
const GRANULARITY_PATTERN = { month: '____-__', quarter: '____Q_', year: '____' } as const;

/**
 * One indicator at one node and ALL its children in one read (the dashboard's first load and drill-down): two
 * index lookups on indicator_values (node, children by parent) and one on the region tree for the children's
 * names, so children without values are listed too.
 */
export async function readChildren(
  db: Kysely<DB>,
  sets: IndicatorSet[],
  options: Omit<ReadOptions, 'children'>,
): Promise<ChildrenReading> {
  const def = findDefinition(sets, options.id);
  const { period: asked, disaggregation } = checkReadOptions(def, options);
  const repo = new IndicatorRepository(db);
  const version = await repo.storedVersion(def);
  const level = options.region === '' ? 0 : (parseRegionCode(options.region)?.level ?? 0);
  const [node, kids] = await Promise.all([
    options.region === ''
      ? Promise.resolve({ name: 'Indonesia' })
      : db.selectFrom('regions').select('name').where('code', '=', options.region).executeTakeFirst(),
    level >= 4
      ? Promise.resolve([])
      : db
          .selectFrom('regions')
          .select(['code', 'name', 'level'])
          .where('level', '=', level + 1)
          .$call((q) => (options.region === '' ? q : q.where('parent_code', '=', options.region)))
          .orderBy('code')
          .execute(),
  ]);
  const empty = {
    def,
    version,
    region: options.region,
    region_name: node?.name ?? options.region,
    period: asked ?? null,
    disaggregation,
    refreshed_at: null,
    values: [],
    children: kids.map((k) => ({
      region_code: k.code,
      region_name: k.name,
      region_level: k.level,
      values: [],
    })),
  };
  if (version === null) return empty;
  const period =
    asked ?? (await repo.latestPeriod(def.id, version, options.region, GRANULARITY_PATTERN[def.periods[0]!]));
  if (period === null) return empty;
  const query = { indicatorId: def.id, version, region: options.region, period, disaggregation };
  const [own, below] = await Promise.all([repo.values(query), repo.values({ ...query, children: true })]);
  const shape = (r: StoredValue): ChildValue => ({
    period: r.period,
    disaggregation: r.disaggregation,
    category: r.category,
    numerator: r.numerator,
    denominator: r.denominator,
    value: indicatorValue(def, r.numerator, r.denominator),
  });
  const byChild = new Map<string, ChildValue[]>();
  for (const r of below) byChild.set(r.region_code, [...(byChild.get(r.region_code) ?? []), shape(r)]);
  const refreshed = [...own, ...below].reduce<Date | null>(
    (m, r) => (m === null || r.refreshed_at > m ? r.refreshed_at : m),
    null,
  );
  return {
    ...empty,
    period,
    refreshed_at: refreshed,
    values: own.map(shape),
    children: empty.children.map((c) => ({ ...c, values: byChild.get(c.region_code) ?? [] })),
  };
}

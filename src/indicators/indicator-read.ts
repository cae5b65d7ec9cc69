import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { say, UserError } from '../shared/errors.js';
import { indicatorValue, parsePeriod, type IndicatorDefinition, type IndicatorSet } from './definition.js';
import { allDefinitions } from './definition-files.js';
import { IndicatorRepository } from './indicator-repository.js';

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

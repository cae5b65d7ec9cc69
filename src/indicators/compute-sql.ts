import { sqlLiteral } from '../db/database.js';
import type { IndicatorDefinition, Quantity } from './definition.js';
import { factsSql } from './facts-sql.js';
import { SUBJECTS, type Granularity } from './subjects.js';

/**
 * The set-based statements of a refresh: one INSERT … SELECT per period granularity computes every village of
 * the region at once (all disaggregations through GROUPING SETS), then one statement per level sums the level
 * below (village → district → regency → province → nation). Parents are sums of their children by construction.
 */

/** Length of a region code at each level: nation 0, province 2, regency 5, district 8, village 13. */
export const CODE_LENGTH = [0, 2, 5, 8, 13] as const;

const PERIOD_FORMAT: Record<Granularity, string> = {
  month: `to_char(x.day, 'YYYY-MM')`,
  quarter: `to_char(x.day, 'YYYY"Q"Q')`,
  year: `to_char(x.day, 'YYYY')`,
};

const COLUMNS =
  'indicator_id, version, period, region_level, region_code, parent_code, province_code, disaggregation, category, numerator, denominator';

function aggregate(def: IndicatorDefinition, q: Quantity): string {
  const subject = SUBJECTS[def.subject]!;
  const filter = q.where.length === 0 ? '' : ` FILTER (WHERE ${q.where.map((f) => `f.${f}`).join(' AND ')})`;
  if (q.sum !== null) return `coalesce(sum(f.${q.sum})${filter}, 0)`;
  return subject.counting === 'distinct' ? `count(DISTINCT f.unit_id)${filter}` : `count(*)${filter}`;
}

/** Village rows of one indicator version for one granularity, inside `region` ('' = everywhere). */
export function villageInsertSql(
  def: IndicatorDefinition,
  version: number,
  granularity: Granularity,
  region: string,
): string {
  const subject = SUBJECTS[def.subject]!;
  const ds = def.disaggregations;
  const base = 'f.period, f.village_code';
  const groupBy =
    ds.length === 0 ? base : `GROUPING SETS ((${base}), ${ds.map((d) => `(${base}, f.${d})`).join(', ')})`;
  const which =
    ds.length === 0
      ? `''`
      : `CASE ${ds.map((d) => `WHEN grouping(f.${d}) = 0 THEN '${d}'`).join(' ')} ELSE '' END`;
  const category =
    ds.length === 0
      ? `''`
      : `CASE ${ds.map((d) => `WHEN grouping(f.${d}) = 0 THEN coalesce(f.${d}, 'unknown')`).join(' ')} ELSE '' END`;
  const denominator = def.denominator === null ? 'NULL' : aggregate(def, def.denominator);
  return `
INSERT INTO indicator_values (${COLUMNS})
SELECT ${sqlLiteral(def.id)}, ${version}, f.period, 4, f.village_code, left(f.village_code, 8), left(f.village_code, 2),
       ${which}, ${category}, ${aggregate(def, def.numerator)}, ${denominator}
FROM (SELECT x.*, ${PERIOD_FORMAT[granularity]} AS period FROM (${factsSql(subject, region)}) x) f
GROUP BY ${groupBy}`;
}

/**
 * Rows of `level` (0–3) summed from the level below, for the children whose code starts with `within`
 * ('' = all). Every parent whose children all start with `within` is recomputed whole.
 */
export function rollupInsertSql(id: string, version: number, level: number, within: string): string {
  const n = CODE_LENGTH[level]!;
  const code = level === 0 ? `''` : `left(v.region_code, ${n})`;
  const parent = level === 0 ? 'NULL' : level === 1 ? `''` : `left(v.region_code, ${CODE_LENGTH[level - 1]})`;
  const province = level === 0 ? `''` : 'left(v.region_code, 2)';
  return `
INSERT INTO indicator_values (${COLUMNS})
SELECT v.indicator_id, v.version, v.period, ${level}, ${code}, ${parent}, ${province}, v.disaggregation, v.category,
       sum(v.numerator), sum(v.denominator)
FROM indicator_values v
WHERE v.indicator_id = ${sqlLiteral(id)} AND v.version = ${version} AND v.region_level = ${level + 1}
  AND ${within === '' ? 'TRUE' : `left(v.region_code, ${within.length}) = ${sqlLiteral(within)}`}
GROUP BY v.indicator_id, v.version, v.period, ${level === 0 ? '' : `${code}, ${level === 1 ? '' : `${parent}, `}${province}, `}v.disaggregation, v.category`;
}

/** Deletes rows of levels ≥ `fromLevel` inside `within` ('' = all), or the one node `within` at `fromLevel` when exact. */
export function deleteSql(
  id: string,
  version: number,
  fromLevel: number,
  within: string,
  exact = false,
): string {
  const region =
    exact || within === ''
      ? exact
        ? `region_code = ${sqlLiteral(within)}`
        : 'TRUE'
      : `left(region_code, ${within.length}) = ${sqlLiteral(within)}`;
  const level = exact ? `region_level = ${fromLevel}` : `region_level >= ${fromLevel}`;
  return `DELETE FROM indicator_values WHERE indicator_id = ${sqlLiteral(id)} AND version = ${version} AND ${level} AND ${region}`;
}

/**
 * Every statement of one refresh, in order. `region` is '' (everything), a province or a regency code: its
 * subtree is recomputed from the source tables, its ancestors from their stored children.
 */
export function refreshStatements(def: IndicatorDefinition, version: number, region: string): string[] {
  const level = CODE_LENGTH.indexOf(region.length as (typeof CODE_LENGTH)[number]);
  if (level < 0 || level > 2)
    throw new Error(`refresh region must be '', a province or a regency: ${region}`);
  const out = [deleteSql(def.id, version, level, region)];
  for (const g of def.periods) out.push(villageInsertSql(def, version, g, region));
  for (let l = 3; l >= level; l--) out.push(rollupInsertSql(def.id, version, l, region));
  for (let l = level - 1; l >= 0; l--) {
    const ancestor = region.slice(0, CODE_LENGTH[l]);
    out.push(deleteSql(def.id, version, l, ancestor, true));
    out.push(rollupInsertSql(def.id, version, l, ancestor));
  }
  return out;
}

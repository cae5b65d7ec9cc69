import { sql, type RawBuilder } from 'kysely';
import type { IndicatorDefinition, Quantity } from './definition.js';
import { factsSql } from './facts-sql.js';
import { SPARSE_DISAGGREGATIONS, SUBJECTS, type Granularity } from './subjects.js';

/**
 * The set-based statements of a refresh: one INSERT … SELECT computes every node of the refreshed subtree
 * (all periods, disaggregations and region levels through GROUPING SETS, empty cells left out); ancestors of a
 * regional refresh are re-summed from their stored children. Parents are sums of their children by construction.
 * Structure (columns, aggregates, grouping sets) comes from checked definitions and is raw text; values (the
 * indicator id, region codes) are parameters.
 */

/** A statement of a refresh, run with `.execute(tx.db)`. */
export type RefreshStatement = RawBuilder<unknown>;

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

const LEVEL_SETS = [
  '()',
  '(c.p2)',
  '(c.r5, c.p2)',
  '(c.d8, c.r5, c.p2)',
  '(c.village_code, c.d8, c.r5, c.p2)',
] as const;

/**
 * Rows of every node from `level` down to the villages inside `region` ('' = everywhere), in one statement:
 * the facts are read once and grouped into village cells for every period granularity and disaggregation at
 * once (GROUPING SETS), empty cells (numerator and denominator 0) are dropped, and the cells are summed up the
 * region hierarchy (a second GROUPING SETS over village, district, regency, province and nation) before a single
 * INSERT. Parents are therefore sums of their children by construction, and no stored row is read back.
 * `citus`: the database is a Citus coordinator (the facts are materialised first, see below).
 */
export function subtreeInsertSql(
  def: IndicatorDefinition,
  version: number,
  region: string,
  level: number,
  citus = false,
): RefreshStatement {
  const subject = SUBJECTS[def.subject]!;
  const ds = def.disaggregations;
  const periodSets = def.periods.flatMap((g) =>
    ['', ...ds].map((d) => `(f.p_${g}, f.village_code${d === '' ? '' : `, f.${d}`})`),
  );
  const period =
    def.periods.length === 1
      ? `f.p_${def.periods[0]}`
      : `CASE ${def.periods.map((g) => `WHEN grouping(f.p_${g}) = 0 THEN f.p_${g}`).join(' ')} END`;
  const which =
    ds.length === 0
      ? `''`
      : `CASE ${ds.map((d) => `WHEN grouping(f.${d}) = 0 THEN '${d}'`).join(' ')} ELSE '' END`;
  const category =
    ds.length === 0
      ? `''`
      : `CASE ${ds.map((d) => `WHEN grouping(f.${d}) = 0 THEN coalesce(f.${d}, 'unknown')`).join(' ')} ELSE '' END`;
  const numerator = aggregate(def, def.numerator);
  const denominator = def.denominator === null ? 'NULL::double precision' : aggregate(def, def.denominator);
  const periods = def.periods.map((g) => `${PERIOD_FORMAT[g]} AS p_${g}`).join(', ');
  const levels = LEVEL_SETS.slice(level);
  const sparse = ds
    .filter((d) => SPARSE_DISAGGREGATIONS.includes(d))
    .map((d) => ` AND NOT (grouping(f.${d}) = 0 AND f.${d} IS NULL)`)
    .join('');
  const lvl = `CASE WHEN grouping(c.village_code) = 0 THEN 4 WHEN grouping(c.d8) = 0 THEN 3 WHEN grouping(c.r5) = 0 THEN 2 WHEN grouping(c.p2) = 0 THEN 1 ELSE 0 END`;
  // Citus cannot push GROUPING SETS down to the shards: there the facts are read first (on the shards, into
  // the coordinator) and grouped on the coordinator.
  const facts = `SELECT x.*, ${periods} FROM (${factsSql(subject, region)}) x`;
  return sql`${sql.raw(`
WITH ${citus ? `facts AS MATERIALIZED (${facts}), ` : ''}cells AS MATERIALIZED (
  SELECT ${period} AS period, f.village_code, ${which} AS disaggregation, ${category} AS category,
         (${numerator})::double precision AS numerator, (${denominator})::double precision AS denominator
  FROM ${citus ? 'facts' : `(${facts})`} f
  GROUP BY GROUPING SETS (${periodSets.join(', ')})
  HAVING (${numerator} <> 0${def.denominator === null ? '' : ` OR ${denominator} <> 0`})${sparse}
)
INSERT INTO indicator_values (${COLUMNS})
SELECT `)}CAST(${def.id} AS text)${sql.raw(`, ${version}, c.period, ${lvl},
       CASE WHEN grouping(c.village_code) = 0 THEN c.village_code WHEN grouping(c.d8) = 0 THEN c.d8
            WHEN grouping(c.r5) = 0 THEN c.r5 WHEN grouping(c.p2) = 0 THEN c.p2 ELSE '' END,
       CASE WHEN grouping(c.village_code) = 0 THEN c.d8 WHEN grouping(c.d8) = 0 THEN c.r5
            WHEN grouping(c.r5) = 0 THEN c.p2 WHEN grouping(c.p2) = 0 THEN '' END,
       CASE WHEN grouping(c.p2) = 0 THEN c.p2 ELSE '' END,
       c.disaggregation, c.category, sum(c.numerator), sum(c.denominator)
FROM (SELECT cells.*, left(village_code, 8) AS d8, left(village_code, 5) AS r5, left(village_code, 2) AS p2
      FROM cells) c
GROUP BY c.period, c.disaggregation, c.category, GROUPING SETS (${levels.join(', ')})`)}`;
}

/**
 * Rows of `level` (0–3) summed from the level below, for the children whose code starts with `within`
 * ('' = all). Every parent whose children all start with `within` is recomputed whole.
 */
export function rollupInsertSql(
  id: string,
  version: number,
  level: number,
  within: string,
): RefreshStatement {
  const n = CODE_LENGTH[level]!;
  const code = level === 0 ? `''` : `left(v.region_code, ${n})`;
  const parent = level === 0 ? 'NULL' : level === 1 ? `''` : `left(v.region_code, ${CODE_LENGTH[level - 1]})`;
  const province = level === 0 ? `''` : 'left(v.region_code, 2)';
  return sql`
INSERT INTO indicator_values (${sql.raw(COLUMNS)})
SELECT v.indicator_id, v.version, v.period, ${sql.lit(level)}, ${sql.raw(code)}, ${sql.raw(parent)}, ${sql.raw(province)}, v.disaggregation, v.category,
       sum(v.numerator), sum(v.denominator)
FROM indicator_values v
WHERE v.indicator_id = ${id} AND v.version = ${sql.lit(version)} AND v.region_level = ${sql.lit(level + 1)}
  AND ${within === '' ? sql`TRUE` : sql`left(v.region_code, ${sql.lit(within.length)}) = ${within}`}
GROUP BY v.indicator_id, v.version, v.period, ${sql.raw(level === 0 ? '' : `${code}, ${level === 1 ? '' : `${parent}, `}${province}, `)}v.disaggregation, v.category`;
}

/** Deletes rows of levels ≥ `fromLevel` inside `within` ('' = all), or the one node `within` at `fromLevel` when exact. */
export function deleteSql(
  id: string,
  version: number,
  fromLevel: number,
  within: string,
  exact = false,
): RefreshStatement {
  const region =
    exact || within === ''
      ? exact
        ? sql`region_code = ${within}`
        : sql`TRUE`
      : sql`left(region_code, ${sql.lit(within.length)}) = ${within}`;
  const level = exact
    ? sql`region_level = ${sql.lit(fromLevel)}`
    : sql`region_level >= ${sql.lit(fromLevel)}`;
  return sql`DELETE FROM indicator_values WHERE indicator_id = ${id} AND version = ${sql.lit(version)} AND ${level} AND ${region}`;
}

/**
 * Every statement of one refresh, in order. `region` is '' (everything), a province or a regency code: its
 * subtree is recomputed from the source tables, its ancestors from their stored children.
 */
export function refreshStatements(
  def: IndicatorDefinition,
  version: number,
  region: string,
  citus = false,
): RefreshStatement[] {
  const level = CODE_LENGTH.indexOf(region.length as (typeof CODE_LENGTH)[number]);
  if (level < 0 || level > 2)
    throw new Error(`refresh region must be '', a province or a regency: ${region}`);
  const out = [
    deleteSql(def.id, version, level, region),
    subtreeInsertSql(def, version, region, level, citus),
  ];
  for (let l = level - 1; l >= 0; l--) {
    const ancestor = region.slice(0, CODE_LENGTH[l]);
    out.push(deleteSql(def.id, version, l, ancestor, true));
    out.push(rollupInsertSql(def.id, version, l, ancestor));
  }
  return out;
}

/**
 * A province's subtree recomputed from the source tables, its ancestor (the nation) left alone: the per-province
 * part of a refresh split into jobs (see nationStatements).
 */
export function provinceStatements(
  def: IndicatorDefinition,
  version: number,
  province: string,
  citus = false,
): RefreshStatement[] {
  if (province.length !== CODE_LENGTH[1]) throw new Error(`not a province code: ${province}`);
  return [deleteSql(def.id, version, 1, province), subtreeInsertSql(def, version, province, 1, citus)];
}

/**
 * The nation summed from its provinces after every province was refreshed, and rows of provinces outside
 * `provinces` (their data is gone) deleted: together with provinceStatements, the same rows as a full refresh.
 */
export function nationStatements(
  id: string,
  version: number,
  provinces: readonly string[],
): RefreshStatement[] {
  const kept = provinces.length === 0 ? [''] : provinces;
  return [
    sql`DELETE FROM indicator_values WHERE indicator_id = ${id} AND version = ${sql.lit(version)} AND region_level >= 1 AND province_code NOT IN (${sql.join(kept)})`,
    deleteSql(id, version, 0, '', true),
    rollupInsertSql(id, version, 0, ''),
  ];
}

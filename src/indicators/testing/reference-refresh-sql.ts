import { sql } from 'kysely';
import type { IndicatorDefinition, Quantity } from '../definition.js';
import { factsSql } from '../facts-sql.js';
import { SPARSE_DISAGGREGATIONS, SUBJECTS, type Granularity } from '../subjects.js';
import { CODE_LENGTH, type RefreshStatement } from '../compute-sql.js';

/**
 * The refresh statements as they were before the December 2026 speed-up, kept as the from-scratch reference the
 * faster statement is tested against (refresh-equivalence.test.ts): `count(DISTINCT unit_id)` per cell and the
 * whole hierarchy, villages included, summed by one GROUPING SETS. Regional refreshes deleted and re-summed by code prefix (a scan of the indicator's rows). Slow,
 * straightforward, not used by the app; `bench/indicator-refresh.ts` times them against the current ones.
 */

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
 */
export function referenceSubtreeInsertSql(
  def: IndicatorDefinition,
  version: number,
  region: string,
  level: number,
  table = 'indicator_values',
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
  return sql`${sql.raw(`
WITH cells AS MATERIALIZED (
  SELECT ${period} AS period, f.village_code, ${which} AS disaggregation, ${category} AS category,
         (${numerator})::double precision AS numerator, (${denominator})::double precision AS denominator
  FROM (SELECT x.*, ${periods} FROM (${factsSql(subject, region)}) x) f
  GROUP BY GROUPING SETS (${periodSets.join(', ')})
  HAVING (${numerator} <> 0${def.denominator === null ? '' : ` OR ${denominator} <> 0`})${sparse}
)
INSERT INTO ${table} (${COLUMNS})
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

/** The statements of one refresh as before (the `before` of bench/indicator-refresh.ts). */
function referenceRollupInsertSql(
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
function referenceDeleteSql(
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
export function referenceRefreshStatements(
  def: IndicatorDefinition,
  version: number,
  region: string,
): RefreshStatement[] {
  const level = CODE_LENGTH.indexOf(region.length as (typeof CODE_LENGTH)[number]);
  if (level < 0 || level > 2)
    throw new Error(`refresh region must be '', a province or a regency: ${region}`);
  const out = [
    referenceDeleteSql(def.id, version, level, region),
    referenceSubtreeInsertSql(def, version, region, level),
  ];
  for (let l = level - 1; l >= 0; l--) {
    const ancestor = region.slice(0, CODE_LENGTH[l]);
    out.push(referenceDeleteSql(def.id, version, l, ancestor, true));
    out.push(referenceRollupInsertSql(def.id, version, l, ancestor));
  }
  return out;
}

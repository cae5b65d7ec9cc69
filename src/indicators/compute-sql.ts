import { createHash } from 'node:crypto';
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

/** The row filter of a quantity (`f.a AND f.b`), or null when it counts every row. */
function condition(q: Quantity): string | null {
  return q.where.length === 0 ? null : q.where.map((f) => `f.${f}`).join(' AND ');
}

/** A quantity aggregated over fact rows `f` (one row per counted unit, or per event). */
function rowAggregate(q: Quantity): string {
  const where = condition(q);
  const filter = where === null ? '' : ` FILTER (WHERE ${where})`;
  return q.sum !== null ? `coalesce(sum(f.${q.sum})${filter}, 0)` : `count(*)${filter}`;
}

/**
 * For a distinct-counting subject, a quantity per unit and group in the first step: whether any of the unit's
 * rows passes the filter (count), or the sum of its rows (sum); then the second step counts (or sums) the units.
 * `count(DISTINCT unit) FILTER (WHERE a AND b)` counts the units with a row where a and b hold, which is
 * `count(*) FILTER (WHERE bool_or(a AND b))` over units: the same numbers, grouped by hashing instead of a sort per
 * grouping set.
 */
function unitAggregate(q: Quantity): string {
  const where = condition(q);
  if (q.sum !== null) return `sum(f.${q.sum})${where === null ? '' : ` FILTER (WHERE ${where})`}`;
  return where === null ? 'true' : `bool_or(${where})`;
}

function unitsAggregate(q: Quantity, column: string): string {
  return q.sum !== null ? `coalesce(sum(u.${column}), 0)` : `count(*) FILTER (WHERE u.${column})`;
}

/**
 * Rows of every node from `level` down to the villages inside `region` ('' = everywhere), in one statement:
 * the facts are read once and grouped into village cells for every period granularity and disaggregation at
 * once (GROUPING SETS; a distinct-counting subject first into one row per unit and cell, then counted, so every
 * step groups by hashing), empty cells (numerator and denominator 0) are dropped, the village cells are inserted
 * as they are, and each level above is summed from the level below (districts from villages, regencies from
 * districts, …) in the same INSERT. Parents are therefore sums of their children by construction, and no stored
 * row is read back.
 */
export function subtreeInsertSql(
  def: IndicatorDefinition,
  version: number,
  region: string,
  level: number,
  table = 'indicator_values',
): RefreshStatement {
  const subject = SUBJECTS[def.subject]!;
  const distinct = subject.counting === 'distinct';
  const ds = def.disaggregations;
  const unit = distinct ? ', f.unit_id' : '';
  const periodSets = def.periods.flatMap((g) =>
    ['', ...ds].map((d) => `(f.p_${g}, f.village_code${d === '' ? '' : `, f.${d}`}${unit})`),
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
  const periods = def.periods.map((g) => `${PERIOD_FORMAT[g]} AS p_${g}`).join(', ');
  const sparse = ds
    .filter((d) => SPARSE_DISAGGREGATIONS.includes(d))
    .map((d) => `NOT (grouping(f.${d}) = 0 AND f.${d} IS NULL)`);
  const facts = `(SELECT x.*, ${periods} FROM (${factsSql(subject, region)}) x) f`;
  const keys = `${period} AS period, f.village_code, ${which} AS disaggregation, ${category} AS category`;
  const hasDenominator = def.denominator !== null;
  const nonEmpty = (num: string, den: string) => `${num} <> 0${hasDenominator ? ` OR ${den} <> 0` : ''}`;
  let cells: string;
  if (distinct) {
    const num = unitsAggregate(def.numerator, 'num');
    const den = def.denominator === null ? 'NULL' : unitsAggregate(def.denominator, 'den');
    cells = `
  SELECT u.period, u.village_code, u.disaggregation, u.category,
         (${num})::double precision AS numerator, (${den})::double precision AS denominator
  FROM (
    SELECT ${keys}, ${unitAggregate(def.numerator)} AS num${def.denominator === null ? '' : `, ${unitAggregate(def.denominator)} AS den`}
    FROM ${facts}
    GROUP BY GROUPING SETS (${periodSets.join(', ')})${
      sparse.length === 0
        ? ''
        : `
    HAVING ${sparse.join(' AND ')}`
    }) u
  GROUP BY u.period, u.village_code, u.disaggregation, u.category
  HAVING ${nonEmpty(num, den)}`;
  } else {
    const num = rowAggregate(def.numerator);
    const den = def.denominator === null ? 'NULL' : rowAggregate(def.denominator);
    cells = `
  SELECT ${keys}, (${num})::double precision AS numerator, (${den})::double precision AS denominator
  FROM ${facts}
  GROUP BY GROUPING SETS (${periodSets.join(', ')})
  HAVING (${nonEmpty(num, den)})${sparse.map((s) => ` AND ${s}`).join('')}`;
  }
  // Each level above the villages summed from the one below: (CTE, its code, the level it is built from).
  const up = (name: string, code: string, from: string) => `,
${name} AS MATERIALIZED (
  SELECT c.period, ${code} AS code, c.disaggregation, c.category,
         sum(c.numerator) AS numerator, sum(c.denominator) AS denominator
  FROM ${from} c GROUP BY 1, 2, 3, 4)`;
  const ctes = [
    up('districts', 'left(c.village_code, 8)', 'cells'),
    level <= 2 ? up('regencies', 'left(c.code, 5)', 'districts') : '',
    level <= 1 ? up('provinces', 'left(c.code, 2)', 'regencies') : '',
    level <= 0 ? up('nation', "''", 'provinces') : '',
  ].join('');
  const select = (lvl: number, code: string, parent: string, province: string, from: string) =>
    sql`
SELECT CAST(${def.id} AS text), ${sql.raw(
      `${version}, period, ${lvl}, ${code}, ${parent}, ${province}, disaggregation, category, numerator, denominator FROM ${from}`,
    )}`;
  const selects = [
    select(4, 'village_code', 'left(village_code, 8)', 'left(village_code, 2)', 'cells'),
    select(3, 'code', 'left(code, 5)', 'left(code, 2)', 'districts'),
  ];
  if (level <= 2) selects.push(select(2, 'code', 'left(code, 2)', 'left(code, 2)', 'regencies'));
  if (level <= 1) selects.push(select(1, 'code', "''", 'code', 'provinces'));
  if (level <= 0) selects.push(select(0, "''", 'NULL', "''", 'nation'));
  return sql`${sql.raw(`
WITH cells AS MATERIALIZED (${cells}
)${ctes}
INSERT INTO ${table} (${COLUMNS})`)}${sql.join(selects, sql.raw('\nUNION ALL'))}`;
}

/** Rows whose code lies in the subtree of `within` (a region code): a range of the primary key, then the prefix. */
function inSubtree(column: string, within: string): RawBuilder<unknown> {
  // Codes are digits and dots, so under the column's "C" collation (migration 0970) the codes starting with
  // `within` lie between it and `within` followed by '/', the character after '.'.
  return sql`${sql.ref(column)} >= ${within} AND ${sql.ref(column)} < ${`${within}/`} AND left(${sql.ref(column)}, ${sql.lit(within.length)}) = ${within}`;
}

/**
 * Rows of `level` (0–3) summed from the level below, for the children of the node `within` of that level ('' =
 * the nation): they are the rows whose `parent_code` is `within`, read through the children index.
 */
export function rollupInsertSql(
  id: string,
  version: number,
  level: number,
  within: string,
): RefreshStatement {
  const code = level === 0 ? `''` : `v.parent_code`;
  const parent = level === 0 ? 'NULL' : level === 1 ? `''` : `left(v.parent_code, ${CODE_LENGTH[level - 1]})`;
  const province = level === 0 ? `''` : 'left(v.parent_code, 2)';
  return sql`
INSERT INTO indicator_values (${sql.raw(COLUMNS)})
SELECT v.indicator_id, v.version, v.period, ${sql.lit(level)}, ${sql.raw(code)}, ${sql.raw(parent)}, ${sql.raw(province)}, v.disaggregation, v.category,
       sum(v.numerator), sum(v.denominator)
FROM indicator_values v
WHERE v.indicator_id = ${id} AND v.version = ${sql.lit(version)} AND v.parent_code = ${within}
  AND v.region_level = ${sql.lit(level + 1)}
GROUP BY v.indicator_id, v.version, v.parent_code, v.period, v.disaggregation, v.category`;
}

/** Deletes rows of levels ≥ `fromLevel` inside `within` ('' = all), or the one node `within` at `fromLevel` when exact. */
export function deleteSql(
  id: string,
  version: number,
  fromLevel: number,
  within: string,
  exact = false,
): RefreshStatement {
  const region = exact
    ? sql`region_code = ${within}`
    : within === ''
      ? sql`TRUE`
      : inSubtree('region_code', within);
  const level = exact
    ? sql`region_level = ${sql.lit(fromLevel)}`
    : sql`region_level >= ${sql.lit(fromLevel)}`;
  return sql`DELETE FROM indicator_values WHERE indicator_id = ${id} AND version = ${sql.lit(version)} AND ${level} AND ${region}`;
}

/**
 * The statements of a regional refresh, in order. `region` is a province or a regency code: its subtree is
 * recomputed from the source tables, its ancestors from their stored children. ('' deletes and inserts every row
 * like a job's parts do; a full refresh swaps the indicator's partition instead, fullRefreshStatements.)
 */
export function refreshStatements(
  def: IndicatorDefinition,
  version: number,
  region: string,
): RefreshStatement[] {
  const level = CODE_LENGTH.indexOf(region.length as (typeof CODE_LENGTH)[number]);
  if (level < 0 || level > 2)
    throw new Error(`refresh region must be '', a province or a regency: ${region}`);
  const out = [deleteSql(def.id, version, level, region), subtreeInsertSql(def, version, region, level)];
  for (let l = level - 1; l >= 0; l--) {
    const ancestor = region.slice(0, CODE_LENGTH[l]);
    out.push(deleteSql(def.id, version, l, ancestor, true));
    out.push(rollupInsertSql(def.id, version, l, ancestor));
  }
  return out;
}

/**
 * The partition of `indicator_values` holding one indicator's rows (migration 0970): `iv_` and the id, shortened
 * with a hash when the staging name (`…_new`) would pass PostgreSQL's 63-byte limit.
 */
export function partitionName(id: string): string {
  if (!/^[a-z][a-z0-9_]{1,62}$/.test(id)) throw new Error(`bad indicator id ${id}`);
  if (id.length <= 52) return `iv_${id}`;
  return `iv_${id.slice(0, 40)}_${createHash('sha256').update(id).digest('hex').slice(0, 8)}`;
}

/**
 * First statements of a full refresh: one full refresh of an indicator at a time (a transaction-scoped advisory
 * lock), then whether the indicator has its own partition yet (one row, `present`).
 */
export function fullRefreshStartSql(id: string): RefreshStatement[] {
  return [
    sql`SELECT pg_advisory_xact_lock(hashtext(${`indicator_values:${id}`}))`,
    sql`SELECT to_regclass(${partitionName(id)}) IS NOT NULL AS present`,
  ];
}

/** The planner's estimate of the households (0 before the table was first analysed): one row, `households`. */
export function householdEstimateSql(): RefreshStatement {
  return sql`SELECT greatest(reltuples, 0)::double precision AS households FROM pg_class WHERE oid = 'households'::regclass`;
}

/**
 * A full refresh as a replacement of the indicator's partition: its rows are written into a new table without
 * indexes (with the rows of its other versions, kept as they are), the old partition is detached and dropped (or,
 * before the first full refresh, its rows deleted from the default partition), and the new table attached in its
 * place. Its indexes are built in one sorted pass each before the swap, so reads of the table wait only for the
 * detach, drop, rename and attach at the end of the transaction (the detach locks the parent table until commit).
 */
export function fullRefreshStatements(
  def: IndicatorDefinition,
  version: number,
  present: boolean,
): RefreshStatement[] {
  const name = partitionName(def.id);
  const staging = `${name}_new`;
  const out: RefreshStatement[] = [
    sql`CREATE TABLE ${sql.id(staging)} (LIKE indicator_values INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    sql`INSERT INTO ${sql.id(staging)} (${sql.raw(COLUMNS)}, refreshed_at)
SELECT ${sql.raw(COLUMNS)}, refreshed_at FROM indicator_values WHERE indicator_id = ${def.id} AND version <> ${sql.lit(version)}`,
    subtreeInsertSql(def, version, '', 0, staging),
    // The parent's indexes and the partition constraint, built before the swap: the attach adopts them and
    // skips its validating scan, so the parent is locked only for the detach, drop, rename and attach.
    sql`ALTER TABLE ${sql.id(staging)} ADD CONSTRAINT ${sql.id(`${name}_id`)} CHECK (indicator_id = ${sql.lit(def.id)}),
  ADD PRIMARY KEY (indicator_id, version, region_code, period, disaggregation, category)`,
    sql`CREATE INDEX ON ${sql.id(staging)} (indicator_id, version, parent_code, period, disaggregation)`,
  ];
  if (present)
    out.push(
      sql`ALTER TABLE indicator_values DETACH PARTITION ${sql.id(name)}`,
      sql`DROP TABLE ${sql.id(name)}`,
    );
  else out.push(sql`DELETE FROM indicator_values_default WHERE indicator_id = ${def.id}`);
  out.push(
    sql`ALTER TABLE ${sql.id(staging)} RENAME TO ${sql.id(name)}`,
    sql`ALTER TABLE indicator_values ATTACH PARTITION ${sql.id(name)} FOR VALUES IN (${sql.lit(def.id)})`,
  );
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
): RefreshStatement[] {
  if (province.length !== CODE_LENGTH[1]) throw new Error(`not a province code: ${province}`);
  return [deleteSql(def.id, version, 1, province), subtreeInsertSql(def, version, province, 1)];
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

import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** A column name (`h.village_code`) or an expression yielding a region code (`coalesce(a, b)`). */
export type RegionColumn = string | RawBuilder<string | null>;

const target = (column: RegionColumn) => (typeof column === 'string' ? sql.ref(column) : column);

/**
 * SQL condition "column is one of these regions or inside one" (parameterised; uses the text_pattern_ops
 * indexes). An empty list matches nothing.
 */
export function regionCondition(column: string, codes: readonly string[]): Expression<SqlBool> {
  if (codes.length === 0) return sql<SqlBool>`false`;
  const parts = codes.map(
    (code) => sql<SqlBool>`(${sql.ref(column)} = ${code} OR ${sql.ref(column)} LIKE ${code + '.%'})`,
  );
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/**
 * The same condition for households.village_code, written so the per-level (prefix, id) indexes of migration
 * 0402 serve it: `left(village_code, length(code)) = code` keeps keyset pagination an index range scan.
 */
export function householdRegionCondition(
  column: RegionColumn,
  codes: readonly string[],
): Expression<SqlBool> {
  if (codes.length === 0) return sql<SqlBool>`false`;
  const parts = codes.map((code) =>
    code.length >= 13
      ? sql<SqlBool>`${target(column)} = ${code}`
      : sql<SqlBool>`left(${target(column)}, ${sql.lit(code.length)}) = ${code}`,
  );
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/**
 * The province key the regions lie in (`province_code IN (…)`), beside a region condition on a table that carries
 * it: redundant on one server, it lets Citus route the query to the shards of those provinces only.
 */
export function provinceKeyCondition(column: string, codes: readonly string[]): Expression<SqlBool> {
  const provinces = [...new Set(codes.map((code) => code.slice(0, 2)))];
  if (provinces.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`${sql.ref(column)} IN (${sql.join(provinces)})`;
}

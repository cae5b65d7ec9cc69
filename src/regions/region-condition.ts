import { sql, type Expression, type SqlBool } from 'kysely';

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
export function householdRegionCondition(column: string, codes: readonly string[]): Expression<SqlBool> {
  if (codes.length === 0) return sql<SqlBool>`false`;
  const parts = codes.map((code) =>
    code.length >= 13
      ? sql<SqlBool>`${sql.ref(column)} = ${code}`
      : sql<SqlBool>`left(${sql.ref(column)}, ${sql.lit(code.length)}) = ${code}`,
  );
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

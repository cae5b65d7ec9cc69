import { sql, type Expression, type SqlBool } from 'kysely';
import { isWithinRegion } from '../regions/region-code.js';
import type { Scope } from './principal.js';

/** True when a region code lies inside the scope (pure; used for single records and filters). */
export function regionInScope(code: string, scope: Scope): boolean {
  if (scope.kind === 'national') return true;
  if (scope.kind === 'cooperative') return false;
  return scope.codes.some((s) => isWithinRegion(code, s));
}

/**
 * Narrows a requested region filter to the scope. Returns the codes to filter on ([] = nothing visible),
 * or null for "no filter" (national scope, no request).
 */
export function effectiveRegions(scope: Scope, requested: string | undefined): string[] | null {
  if (scope.kind === 'cooperative') return [];
  if (requested === undefined) return scope.kind === 'national' ? null : [...scope.codes];
  if (scope.kind === 'national') return [requested];
  if (regionInScope(requested, scope)) return [requested];
  // A filter above the scope (e.g. the province of a regency user) shows the scope's part of it.
  return scope.codes.filter((c) => isWithinRegion(c, requested));
}

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

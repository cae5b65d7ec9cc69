import { isWithinRegion } from '../regions/region-code.js';
import type { Scope } from '../shared/principal.js';

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

// The SQL conditions live beside the region code rules, below every area that filters by region.
export {
  householdRegionCondition,
  provinceKeyCondition,
  regionCondition,
} from '../regions/region-condition.js';

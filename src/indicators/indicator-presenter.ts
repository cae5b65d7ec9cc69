import type { IndicatorDefinition } from './definition.js';
import type { ChildrenReading, IndicatorReading } from './indicator-read.js';
import type { IndicatorStatus } from './indicator-service.js';

/** The JSON shape of a definition (CLI --json and API), with its stored version and freshness. */
export function presentIndicator(s: IndicatorStatus) {
  return {
    ...presentDefinition(s.def),
    set: s.set,
    version: s.version,
    refreshed_at: s.refreshed_at?.toISOString() ?? null,
    stale: s.stale,
    needs_full_refresh: s.staleness.full,
    stale_regencies: s.staleness.regencies,
  };
}

export function presentDefinition(def: IndicatorDefinition) {
  return {
    id: def.id,
    name: def.name,
    description: def.description,
    subject: def.subject,
    numerator: def.numerator,
    denominator: def.denominator,
    factor: def.factor,
    unit: def.unit,
    periods: def.periods,
    disaggregations: def.disaggregations,
  };
}

/** Values of one indicator at one node (national: region null). */
export function presentReading(r: IndicatorReading) {
  return {
    indicator: presentDefinition(r.def),
    version: r.version,
    region: r.region === '' ? null : r.region,
    refreshed_at: r.refreshed_at?.toISOString() ?? null,
    values: r.values.map((v) => ({ ...v, region_code: v.region_code === '' ? null : v.region_code })),
  };
}

/** One indicator at a node and all its children (national: region null). */
export function presentChildren(r: ChildrenReading) {
  return {
    indicator: presentDefinition(r.def),
    version: r.version,
    region: r.region === '' ? null : r.region,
    region_name: r.region_name,
    period: r.period,
    disaggregation: r.disaggregation,
    refreshed_at: r.refreshed_at?.toISOString() ?? null,
    values: r.values,
    children: r.children,
  };
}

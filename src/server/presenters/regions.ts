import { Type } from 'typebox';
import type { HouseholdIndicators, RegionRecord } from '../../access/region-access.js';
import { Nullable } from '../schemas.js';

export const RegionSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  kind: Nullable(Type.String()),
  parent_code: Nullable(Type.String()),
});

export const HouseholdIndicatorsSchema = Type.Object({
  region: RegionSchema,
  households: Type.Integer(),
  by_decile: Type.Array(Type.Object({ decile: Nullable(Type.Integer()), households: Type.Integer() })),
});

export function presentRegion(r: RegionRecord) {
  return { code: r.code, name: r.name, level: r.level, kind: r.kind, parent_code: r.parent_code };
}

export function presentHouseholdIndicators(i: HouseholdIndicators) {
  return {
    region: presentRegion(i.region),
    households: i.households,
    by_decile: i.by_decile.map((d) => ({ decile: d.decile, households: d.households })),
  };
}

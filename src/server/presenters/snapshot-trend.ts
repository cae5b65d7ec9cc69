import { Type } from 'typebox';
import type { RegionRecord } from '../../access/region-access.js';
import type { SnapshotDeciles } from '../../regions/snapshot-trend-repository.js';
import { Nullable } from '../schemas.js';
import { presentRegion, RegionSchema } from './regions.js';

export const SnapshotTrendSchema = Type.Object({
  region: Nullable(RegionSchema),
  snapshots: Type.Array(
    Type.Object({
      snapshot_date: Type.String({ format: 'date' }),
      households: Type.Integer(),
      by_decile: Type.Array(Type.Object({ decile: Nullable(Type.Integer()), households: Type.Integer() })),
    }),
    { description: 'one per stored DTSEN snapshot, oldest first' },
  ),
});

export function presentSnapshotTrend(t: { region: RegionRecord | null; snapshots: SnapshotDeciles[] }) {
  return {
    region: t.region ? presentRegion(t.region) : null,
    snapshots: t.snapshots.map((s) => ({
      snapshot_date: s.snapshot_date,
      households: s.households,
      by_decile: s.by_decile.map((d) => ({ decile: d.decile, households: d.households })),
    })),
  };
}

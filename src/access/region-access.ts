import { sql } from 'kysely';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError } from '../shared/errors.js';
import { snapshotDeciles, type SnapshotDeciles } from '../regions/snapshot-trend-repository.js';
import type { AccessContext } from './access-context.js';
import { effectiveRegions, householdRegionCondition, regionInScope } from './region-scope.js';

export interface RegionRecord {
  code: string;
  name: string;
  level: number;
  kind: string | null;
  parent_code: string | null;
}

export interface HouseholdIndicators {
  region: RegionRecord;
  households: number;
  by_decile: { decile: number | null; households: number }[];
}

const columns = ['code', 'name', 'level', 'kind', 'parent_code'] as const;

/** Regions a user may see: their scope regions and everything below them. */
export class RegionAccess {
  constructor(private readonly ctx: AccessContext) {}

  async get(input: string): Promise<RegionRecord> {
    this.ctx.require('regions:read');
    const code = requireRegionCodeShape(input);
    if (!regionInScope(code, this.ctx.principal.scope)) throw new NotFoundError(`region ${input} not found`);
    const row = await this.ctx.db
      .selectFrom('regions')
      .select(columns)
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`region ${input} not found`);
    return row;
  }

  /** Children of a visible region; without a parent, the top of the user's scope. */
  async children(parent: string | undefined): Promise<RegionRecord[]> {
    this.ctx.require('regions:read');
    const scope = this.ctx.principal.scope;
    if (parent === undefined) {
      if (scope.kind === 'national') {
        return this.ctx.db
          .selectFrom('regions')
          .select(columns)
          .where('level', '=', 1)
          .orderBy('code')
          .execute();
      }
      const codes = scope.kind === 'regions' ? [...scope.codes] : [];
      if (codes.length === 0) return [];
      return this.ctx.db
        .selectFrom('regions')
        .select(columns)
        .where('code', 'in', codes)
        .orderBy('code')
        .execute();
    }
    const region = await this.get(parent);
    return this.ctx.db
      .selectFrom('regions')
      .select(columns)
      .where('parent_code', '=', region.code)
      .orderBy('code')
      .execute();
  }

  /**
   * Households by decile for every child of a visible region (without a parent: the top of the user's scope),
   * in one grouped query: the overview's map and totals in one request instead of one per province.
   */
  async childHouseholdIndicators(parent: string | undefined): Promise<HouseholdIndicators[]> {
    this.ctx.require('indicators:read');
    const children = await this.children(parent);
    if (children.length === 0) return [];
    const length = children[0]!.code.length;
    if (children.some((c) => c.code.length !== length)) {
      // A scope of regions at different levels: each its own count (rare, and a handful at most).
      return Promise.all(children.map((c) => this.householdIndicators(c.code)));
    }
    const scope = this.ctx.principal.scope;
    const visible = children.flatMap((c) => effectiveRegions(scope, c.code) ?? [c.code]);
    const rows = await this.ctx.db
      .selectFrom('households')
      .select([
        sql<string>`left(village_code, ${sql.lit(length)})`.as('code'),
        'decile',
        sql<number>`count(*)::int`.as('n'),
      ])
      .where(householdRegionCondition('village_code', visible))
      .groupBy([sql`left(village_code, ${sql.lit(length)})`, 'decile'])
      .orderBy('decile')
      .execute();
    return children.map((region) => {
      const own = rows.filter((r) => r.code === region.code);
      return {
        region,
        households: own.reduce((sum, r) => sum + r.n, 0),
        by_decile: own.map((r) => ({ decile: r.decile, households: r.n })),
      };
    });
  }

  /**
   * Households by decile in each DTSEN snapshot, inside a visible region or the whole scope (the overview's
   * trend); counts only over what the user may see.
   */
  async snapshotTrend(
    input: string | undefined,
  ): Promise<{ region: RegionRecord | null; snapshots: SnapshotDeciles[] }> {
    this.ctx.require('indicators:read');
    const region = input === undefined ? null : await this.get(input);
    const regions = effectiveRegions(this.ctx.principal.scope, region?.code);
    return { region, snapshots: await snapshotDeciles(this.ctx.db, regions) };
  }

  /** Households by decile inside a visible region (counts only over what the user may see). */
  async householdIndicators(input: string): Promise<HouseholdIndicators> {
    this.ctx.require('indicators:read');
    const region = await this.get(input);
    const regions = effectiveRegions(this.ctx.principal.scope, region.code) ?? [region.code];
    const rows = await this.ctx.db
      .selectFrom('households')
      .select(['decile', sql<number>`count(*)::int`.as('n')])
      .where(householdRegionCondition('village_code', regions))
      .groupBy('decile')
      .orderBy('decile')
      .execute();
    return {
      region,
      households: rows.reduce((sum, r) => sum + r.n, 0),
      by_decile: rows.map((r) => ({ decile: r.decile, households: r.n })),
    };
  }
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { NotFoundError, UserError } from '../shared/errors.js';
import { parseRegionCode, regionAncestorCodes, type RegionLevel } from './region-code.js';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  kind: string | null;
  parentCode: string | null;
}

export interface RegionDetail extends Region {
  ancestors: Region[];
  childCount: number;
  villageCount: number;
}

const columns = ['code', 'name', 'level', 'kind', 'parent_code'] as const;
type RegionRow = {
  code: string;
  name: string;
  level: number;
  kind: string | null;
  parent_code: string | null;
};
const toRegion = (r: RegionRow): Region => ({
  code: r.code,
  name: r.name,
  level: r.level as RegionLevel,
  kind: r.kind,
  parentCode: r.parent_code,
});

/** Parses a user-supplied code and fails with a message naming it when its shape is wrong. */
export function requireRegionCodeShape(input: string): string {
  const parsed = parseRegionCode(input);
  if (!parsed) {
    throw new UserError(
      `invalid region code "${input}": expected PP, PP.RR, PP.RR.DD or PP.RR.DD.VVVV (dots optional)`,
      'invalid_region_code',
    );
  }
  return parsed.code;
}

export class RegionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async stats(): Promise<{ provinces: number; regencies: number; districts: number; villages: number }> {
    const rows = await this.db
      .selectFrom('regions')
      .select(['level', sql<number>`count(*)::int`.as('n')])
      .groupBy('level')
      .execute();
    const byLevel = new Map(rows.map((r) => [r.level, r.n]));
    return {
      provinces: byLevel.get(1) ?? 0,
      regencies: byLevel.get(2) ?? 0,
      districts: byLevel.get(3) ?? 0,
      villages: byLevel.get(4) ?? 0,
    };
  }

  async find(code: string): Promise<Region | undefined> {
    const row = await this.db
      .selectFrom('regions')
      .select(columns)
      .where('code', '=', code)
      .executeTakeFirst();
    return row ? toRegion(row) : undefined;
  }

  /** The region with its ancestors (top first) and how many children and villages it has. */
  async show(input: string): Promise<RegionDetail> {
    const code = requireRegionCodeShape(input);
    const region = await this.find(code);
    if (!region) throw new NotFoundError(`unknown region code "${input}"`);
    const ancestorCodes = regionAncestorCodes(code);
    const ancestors =
      ancestorCodes.length === 0
        ? []
        : (
            await this.db
              .selectFrom('regions')
              .select(columns)
              .where('code', 'in', ancestorCodes)
              .orderBy('level')
              .execute()
          ).map(toRegion);
    const counts = await this.db
      .selectFrom('regions')
      .select([
        sql<number>`count(*) FILTER (WHERE parent_code = ${code})::int`.as('children'),
        sql<number>`count(*) FILTER (WHERE level = 4)::int`.as('villages'),
      ])
      .where('code', 'like', `${code}.%`)
      .executeTakeFirstOrThrow();
    return { ...region, ancestors, childCount: counts.children, villageCount: counts.villages };
  }

  async children(code: string | null): Promise<Region[]> {
    const query = this.db.selectFrom('regions').select(columns).orderBy('code');
    const rows = await (
      code === null ? query.where('level', '=', 1) : query.where('parent_code', '=', code)
    ).execute();
    return rows.map(toRegion);
  }

  /** All descendants of a code at a given level (e.g. every village of a province). */
  async descendants(code: string, level?: RegionLevel): Promise<Region[]> {
    let query = this.db
      .selectFrom('regions')
      .select(columns)
      .where('code', 'like', `${code}.%`)
      .orderBy('code');
    if (level) query = query.where('level', '=', level);
    return (await query.execute()).map(toRegion);
  }

  /** The names of the given codes (unknown codes are absent). */
  async names(codes: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('code', 'in', unique)
      .execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /** Which of the given codes exist (for validating many rows at once). */
  async existing(codes: readonly string[]): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('regions')
      .select('code')
      .where('code', 'in', [...codes])
      .execute();
    return new Set(rows.map((r) => r.code));
  }
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { definitionHash, type IndicatorDefinition } from './definition.js';

export interface StoredValue {
  indicator_id: string;
  version: number;
  period: string;
  region_level: number;
  region_code: string;
  parent_code: string | null;
  disaggregation: string;
  category: string;
  numerator: number;
  denominator: number | null;
  refreshed_at: Date;
}

export interface ValueQuery {
  indicatorId: string;
  version: number;
  /** '' = the nation. */
  region: string;
  period?: string | undefined;
  disaggregation?: string | undefined;
  /** The node's children instead of the node (drill-down). */
  children?: boolean | undefined;
}

export interface RefreshRecord {
  indicator_id: string;
  version: number;
  region_code: string;
  source_mark: string;
  rows_written: number;
  duration_ms: number;
  refreshed_at: Date;
}

/** All SQL on the indicator tables. */
export class IndicatorRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The stored version for this definition: the existing one with the same content hash, else the next version
   * (recorded now). Changing a definition therefore never touches values stored under older versions.
   */
  async versionFor(set: string, def: IndicatorDefinition): Promise<number> {
    const hash = definitionHash(def);
    const existing = await this.db
      .selectFrom('indicator_definitions')
      .select('version')
      .where('indicator_id', '=', def.id)
      .where('content_hash', '=', hash)
      .executeTakeFirst();
    if (existing) return existing.version;
    const row = await this.db
      .insertInto('indicator_definitions')
      .columns(['indicator_id', 'version', 'set_name', 'definition', 'content_hash'])
      .expression(
        this.db
          .selectFrom('indicator_definitions')
          .select([
            sql.lit(def.id).as('indicator_id'),
            sql<number>`coalesce(max(version), 0) + 1`.as('version'),
            sql.lit(set).as('set_name'),
            sql<string>`${JSON.stringify(def)}::jsonb`.as('definition'),
            sql.lit(hash).as('content_hash'),
          ])
          .where('indicator_id', '=', def.id),
      )
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
    if (row) return row.version;
    // Another process recorded the same definition at the same time.
    return (
      await this.db
        .selectFrom('indicator_definitions')
        .select('version')
        .where('indicator_id', '=', def.id)
        .where('content_hash', '=', hash)
        .executeTakeFirstOrThrow()
    ).version;
  }

  /** The stored version matching a definition, without recording one (null: never refreshed in this form). */
  async storedVersion(def: IndicatorDefinition): Promise<number | null> {
    const row = await this.db
      .selectFrom('indicator_definitions')
      .select('version')
      .where('indicator_id', '=', def.id)
      .where('content_hash', '=', definitionHash(def))
      .executeTakeFirst();
    return row?.version ?? null;
  }

  async values(q: ValueQuery): Promise<StoredValue[]> {
    let query = this.db
      .selectFrom('indicator_values')
      .select([
        'indicator_id',
        'version',
        'period',
        'region_level',
        'region_code',
        'parent_code',
        'disaggregation',
        'category',
        'numerator',
        'denominator',
        'refreshed_at',
      ])
      .where('indicator_id', '=', q.indicatorId)
      .where('version', '=', q.version);
    query = q.children
      ? query.where('parent_code', '=', q.region)
      : query.where('region_code', '=', q.region);
    if (q.period !== undefined) query = query.where('period', '=', q.period);
    query = query.where('disaggregation', '=', q.disaggregation ?? '');
    return query.orderBy('period').orderBy('region_code').orderBy('category').execute();
  }

  /** The latest stored period of one granularity (a LIKE pattern: ____-__, ____Q_, ____) at a node, or null. */
  async latestPeriod(id: string, version: number, region: string, pattern: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.max('period').as('period'))
      .where('indicator_id', '=', id)
      .where('version', '=', version)
      .where('region_code', '=', region)
      .where('disaggregation', '=', '')
      .where('period', 'like', pattern)
      .executeTakeFirst();
    return row?.period ?? null;
  }

  /** The latest refresh of each (indicator, version) covering everything or the given region's regency. */
  async latestRefreshes(): Promise<RefreshRecord[]> {
    return this.db
      .selectFrom('indicator_refreshes')
      .select([
        'indicator_id',
        'version',
        'region_code',
        'source_mark',
        'rows_written',
        'duration_ms',
        'refreshed_at',
      ])
      .distinctOn(['indicator_id', 'version'])
      .orderBy('indicator_id')
      .orderBy('version')
      .orderBy('id', 'desc')
      .execute();
  }

  async recordRefresh(
    r: Omit<RefreshRecord, 'refreshed_at'> & { refreshed_by: string | null },
  ): Promise<void> {
    await this.db.insertInto('indicator_refreshes').values(r).execute();
  }

  /**
   * Refreshes of every (indicator, version) from its latest full refresh on (all of them when it never had
   * one), oldest first: what staleness needs (source-watermarks.ts).
   */
  async refreshHistory(): Promise<(RefreshRecord & { id: number })[]> {
    return this.db
      .selectFrom('indicator_refreshes as r')
      .select([
        'r.id',
        'r.indicator_id',
        'r.version',
        'r.region_code',
        'r.source_mark',
        'r.rows_written',
        'r.duration_ms',
        'r.refreshed_at',
      ])
      .where(
        'r.id',
        '>=',
        sql<number>`coalesce((SELECT max(f.id) FROM indicator_refreshes f
          WHERE f.indicator_id = r.indicator_id AND f.version = r.version AND f.region_code = ''), 0)`,
      )
      .orderBy('r.id')
      .execute();
  }
}

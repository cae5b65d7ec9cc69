import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { householdRegionCondition } from '../regions/region-condition.js';
import type { VillageFacts } from './village-score.js';
import type { VillageProfileInput } from './village-profile.js';

/** Village profiles (read, upsert with history) and the per-village facts the ranking scores. */
export class VillageRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Inserts or replaces a profile; the replaced state is kept in village_profile_history. */
  async upsertProfile(p: VillageProfileInput, actor: string): Promise<'created' | 'updated'> {
    const old = await this.db
      .selectFrom('village_profiles')
      .selectAll()
      .where('village_code', '=', p.villageCode)
      .executeTakeFirst();
    const values = {
      main_livelihoods: p.mainLivelihoods,
      commodities: p.commodities,
      has_market: p.hasMarket,
      market_distance_km: p.marketDistanceKm,
      road_access: p.roadAccess,
      has_electricity: p.hasElectricity,
      has_internet: p.hasInternet,
      bumdes_count: p.bumdesCount,
      bumdes_active: p.bumdesActive,
      cooperative_readiness: p.cooperativeReadiness,
      notes: p.notes,
      updated_by: actor,
      updated_at: new Date(),
    };
    if (old) {
      await this.db
        .insertInto('village_profile_history')
        .values({ village_code: p.villageCode, profile: JSON.stringify(old), replaced_by: actor })
        .execute();
      await this.db
        .updateTable('village_profiles')
        .set(values)
        .where('village_code', '=', p.villageCode)
        .execute();
      return 'updated';
    }
    await this.db
      .insertInto('village_profiles')
      .values({ village_code: p.villageCode, ...values })
      .execute();
    return 'created';
  }

  async getProfile(code: string) {
    return this.db
      .selectFrom('village_profiles')
      .selectAll()
      .where('village_code', '=', code)
      .executeTakeFirst();
  }

  async historyCount(code: string): Promise<number> {
    const r = await this.db
      .selectFrom('village_profile_history')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('village_code', '=', code)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Per village with households (optionally within a province): counts for the ranking, set-based. */
  async facts(province: string | null): Promise<VillageFacts[]> {
    const result = await sql<{
      village_code: string;
      name: string | null;
      households: number;
      decile1: number;
      extreme: number;
      recipients: number;
      recipients_not_members: number;
      best: number | null;
      readiness: number | null;
    }>`
      WITH cur AS (SELECT program_code, max(period) AS period FROM program_enrolments GROUP BY program_code),
      hh AS (
        SELECT id, village_code, decile, coalesce(extreme_poor, false) AS extreme
        FROM households
        WHERE ${province === null ? sql`true` : householdRegionCondition('village_code', [province])}
      ),
      recip AS (
        SELECT e.household_id AS id FROM program_enrolments e
          JOIN cur ON cur.program_code = e.program_code AND cur.period = e.period
         WHERE e.household_id IS NOT NULL
        UNION
        SELECT p.household_id FROM program_enrolments e
          JOIN cur ON cur.program_code = e.program_code AND cur.period = e.period
          JOIN persons p ON p.nik = e.nik
         WHERE e.household_id IS NULL AND p.household_id IS NOT NULL
      ),
      mem AS (
        SELECT p.household_id AS id FROM cooperative_members m JOIN persons p ON p.id = m.person_id
         WHERE m.left_on IS NULL AND p.household_id IS NOT NULL
        UNION
        SELECT p.household_id FROM cooperative_members m JOIN persons p ON p.nik = m.nik
         WHERE m.person_id IS NULL AND m.left_on IS NULL AND p.household_id IS NOT NULL
      ),
      v AS (
        SELECT hh.village_code, count(*)::int AS households,
               count(*) FILTER (WHERE hh.decile = 1)::int AS decile1,
               count(*) FILTER (WHERE hh.extreme)::int AS extreme,
               count(r.id)::int AS recipients,
               count(r.id) FILTER (WHERE m.id IS NULL)::int AS recipients_not_members
        FROM hh LEFT JOIN recip r ON r.id = hh.id LEFT JOIN mem m ON m.id = hh.id
        GROUP BY hh.village_code
      ),
      c AS (
        SELECT village_code,
               max(CASE status WHEN 'operating' THEN 4 WHEN 'registered' THEN 3 WHEN 'forming' THEN 2
                               WHEN 'inactive' THEN 1 ELSE 0 END) AS best
        FROM cooperatives GROUP BY village_code
      )
      SELECT v.*, r.name, c.best, vp.cooperative_readiness AS readiness
      FROM v LEFT JOIN regions r ON r.code = v.village_code
      LEFT JOIN c ON c.village_code = v.village_code
      LEFT JOIN village_profiles vp ON vp.village_code = v.village_code`.execute(this.db);
    const status = ['none', 'inactive', 'forming', 'registered', 'operating'] as const;
    return result.rows.map((r) => ({
      villageCode: r.village_code,
      name: r.name ?? '',
      households: r.households,
      decile1: r.decile1,
      extremePoor: r.extreme,
      recipients: r.recipients,
      recipientsNotMembers: r.recipients_not_members,
      cooperative: status[r.best ?? 0] ?? 'none',
      readiness: r.readiness,
    }));
  }
}

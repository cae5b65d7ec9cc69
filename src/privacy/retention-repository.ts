import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** A household past its retention period, and whether an exception keeps it (hold, open request, membership). */
export interface DepartedHousehold {
  id: number;
  held: boolean;
}

/** The SQL of retention (privacy/retention-service.ts decides what is due and applies the rules). */
export class RetentionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Configured periods in days, by category (categories not configured are absent). */
  async configuredDays(): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('retention_settings').select(['category', 'days']).execute();
    return new Map(rows.map((r) => [r.category, r.days]));
  }

  async setDays(category: string, days: number, updatedBy: string): Promise<void> {
    await this.db
      .insertInto('retention_settings')
      .values({ category, days, updated_by: updatedBy })
      .onConflict((oc) =>
        oc.column('category').doUpdateSet({ days, updated_by: updatedBy, updated_at: new Date() }),
      )
      .execute();
  }

  /** Batches created before `before` that still name a rejects file. */
  rejectsFilesBefore(before: Date): Promise<Array<{ id: number; file: string }>> {
    return this.db
      .selectFrom('source_batches')
      .select(['id', sql<string>`meta->>'rejects_file'`.as('file')])
      .where('created_at', '<', before)
      .where(sql<boolean>`meta->>'rejects_file' IS NOT NULL`)
      .execute();
  }

  /** Forgets the batches' rejects files and records when they were deleted. */
  async markRejectsDeleted(batchIds: readonly number[]): Promise<void> {
    if (batchIds.length === 0) return;
    await this.db
      .updateTable('source_batches')
      .set({ meta: sql`(meta - 'rejects_file') || jsonb_build_object('rejects_deleted_at', now())` })
      .where('id', 'in', batchIds)
      .execute();
  }

  private batchesBefore(before: Date) {
    return this.db.selectFrom('source_batches').select('id').where('created_at', '<', before);
  }

  async countIntakeWarningsBefore(before: Date): Promise<number> {
    const row = await this.db
      .selectFrom('intake_warnings')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('batch_id', 'in', this.batchesBefore(before))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async deleteIntakeWarningsBefore(before: Date): Promise<void> {
    await this.db.deleteFrom('intake_warnings').where('batch_id', 'in', this.batchesBefore(before)).execute();
  }

  /** Tokens that expired or were revoked before `before`. */
  async countEndedTokensBefore(before: Date): Promise<number> {
    const row = await this.db
      .selectFrom('auth_tokens')
      .select(sql<number>`count(*)::int`.as('n'))
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async deleteEndedTokensBefore(before: Date): Promise<void> {
    await this.db
      .deleteFrom('auth_tokens')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
      .execute();
  }

  /**
   * Households with a No. KK that are absent from the newest snapshot and whose last snapshot is before `day`
   * (YYYY-MM-DD), each with whether an exception holds it.
   */
  async departedHouseholds(day: string): Promise<DepartedHousehold[]> {
    const { rows } = await sql<{ id: number }>`
      WITH newest AS (SELECT max(snapshot_date) AS d FROM households)
      SELECT h.id FROM households h, newest
      WHERE h.kk IS NOT NULL AND h.snapshot_date < newest.d AND h.snapshot_date < ${day}::date
      ORDER BY h.id`.execute(this.db);
    if (rows.length === 0) return [];
    const held = await this.heldHouseholds(rows.map((r) => r.id));
    return rows.map((r) => ({ id: r.id, held: held.has(r.id) }));
  }

  /**
   * Which of these households an exception keeps: an active legal hold, a member with an open or held
   * data-subject request, a member still in a cooperative. Three plain reads rather than correlated
   * subqueries in the households query: on Citus those would join the coordinator tables (holds, requests,
   * members) to the distributed households and persons inside a subquery, which it cannot run.
   */
  private async heldHouseholds(ids: readonly number[]): Promise<Set<number>> {
    const list = sql`${`{${ids.join(',')}}`}::bigint[]`;
    const queries = [
      sql<{ household_id: number }>`SELECT household_id FROM legal_holds
        WHERE released_at IS NULL AND household_id = ANY(${list})`,
      sql<{ household_id: number }>`SELECT p.household_id FROM persons p
        JOIN data_subject_requests r ON r.person_id = p.id
        WHERE p.household_id = ANY(${list}) AND (r.legal_hold OR r.resolved_at IS NULL)`,
      sql<{ household_id: number }>`SELECT p.household_id FROM persons p
        JOIN cooperative_members m ON m.person_id = p.id
        WHERE p.household_id = ANY(${list}) AND m.left_on IS NULL`,
    ];
    const held = new Set<number>();
    for (const query of queries)
      for (const row of (await query.execute(this.db)).rows) held.add(Number(row.household_id));
    return held;
  }

  /**
   * Clears the households' own identifiers, and those on their enrolment rows that never linked to a member
   * (they carry the No. KK too). At most 10,000 ids per call.
   */
  async clearHouseholdIdentifiers(householdIds: readonly number[]): Promise<void> {
    await this.db
      .updateTable('program_enrolments')
      .set({ nik: null, kk: null, name: '(dihapus)', name_normalized: '' })
      .where('household_id', 'in', householdIds)
      .execute();
    await this.db
      .updateTable('households')
      .set({ kk: null, address: null, updated_at: new Date() })
      .where('id', 'in', householdIds)
      .execute();
  }
}

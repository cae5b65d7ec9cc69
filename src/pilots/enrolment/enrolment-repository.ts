import { sql, type Expression, type Insertable, type Kysely, type SqlBool, type Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Which cluster: by id, or found by a household's village (village pilots) or assigned cooperative. */
export type ClusterOf = { clusterId: number } | { villageCode: string } | { cooperativeId: number | null };

/** The pilot's fields opening a wave reads. */
export interface WavePilot {
  id: number;
  cluster_kind: string;
  policy_row_id: number | null;
  member_treatments: string[];
}

/** The SQL of the enrolment funnel (pilots/enrolment/enrolment-service.ts holds the rules). */
export class EnrolmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One enrolment with its membership, if registered. */
  record(id: number) {
    return this.db
      .selectFrom('pilot_enrolments as e')
      .leftJoin('cooperative_members as m', 'm.enrolment_id', 'e.id')
      .select([
        'e.id',
        'e.pilot_id',
        'e.wave_no',
        'e.village_code',
        'e.household_id',
        'e.person_id',
        'e.cooperative_id',
        'e.treatment',
        'e.state',
        'e.version',
        'e.facilitator',
        'e.state_at',
        'm.id as member_id',
        'm.member_no',
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
  }

  /** The status of the person's latest cooperative_enrolment consent (or the household's, for its head). */
  async latestEnrolmentConsent(personId: number): Promise<string | undefined> {
    const latest = await this.db
      .selectFrom('consent_records as c')
      .innerJoin('persons as p', (j) =>
        j.onRef('p.province_code', '=', 'c.province_code').onRef('p.household_id', '=', 'c.household_id'),
      )
      .select('c.status')
      .where('p.id', '=', personId)
      .where('c.purpose', '=', 'cooperative_enrolment')
      .where((eb) =>
        eb.or([
          eb('c.person_id', '=', personId),
          eb.and([eb('c.person_id', 'is', null), eb('p.relation', '=', 1)]),
        ]),
      )
      .orderBy('c.decided_at', 'desc')
      .orderBy('c.id', 'desc')
      .executeTakeFirst();
    return latest?.status;
  }

  /** A cluster's arm and wave under the pilot's published assignment, and whether its wave is open. */
  clusterStatus(pilotId: number, of: ClusterOf) {
    return this.db
      .selectFrom('pilot_clusters as c')
      .innerJoin('pilot_assignments as a', 'a.cluster_id', 'c.id')
      .innerJoin('pilot_randomizations as r', 'r.id', 'a.randomization_id')
      .leftJoin('pilot_waves as w', (j) =>
        j.onRef('w.pilot_id', '=', 'c.pilot_id').on('w.wave_no', '=', sql<number>`coalesce(a.wave_no, 1)`),
      )
      .select([
        'c.id as cluster_id',
        'c.cluster_key',
        'a.arm',
        sql<number>`coalesce(a.wave_no, 1)`.as('wave_no'),
        'w.opened_at',
      ])
      .where('c.pilot_id', '=', pilotId)
      .where((eb) =>
        'clusterId' in of
          ? eb('c.id', '=', of.clusterId)
          : 'villageCode' in of
            ? eb.and([eb('c.cooperative_id', 'is', null), eb('c.village_code', '=', of.villageCode)])
            : of.cooperativeId === null
              ? eb.val(false)
              : eb('c.cooperative_id', '=', of.cooperativeId),
      )
      .where('r.status', '=', 'published')
      .executeTakeFirst();
  }

  async insertEvent(event: Insertable<DB['pilot_enrolment_events']>): Promise<void> {
    await this.db.insertInto('pilot_enrolment_events').values(event).execute();
  }

  wave(pilotId: number, waveNo: number) {
    return this.db
      .selectFrom('pilot_waves')
      .selectAll()
      .where('pilot_id', '=', pilotId)
      .where('wave_no', '=', waveNo)
      .executeTakeFirst();
  }

  /** The treatment clusters a draw puts in one wave (no wave counts as wave 1). */
  treatedClustersOfWave(randomizationId: number, waveNo: number) {
    return this.db
      .selectFrom('pilot_assignments as a')
      .innerJoin('pilot_clusters as c', 'c.id', 'a.cluster_id')
      .select(['c.id', 'c.village_code', 'c.province_code'])
      .where('a.randomization_id', '=', randomizationId)
      .where('a.arm', '=', 'treatment')
      .where(sql<number>`coalesce(a.wave_no, 1)`, '=', waveNo)
      .execute();
  }

  /**
   * Enrols the head of every household of the clusters whose current decision under the pilot's policy has a
   * member treatment (`identified`); persons already enrolled are skipped. Returns how many were enrolled.
   */
  async identifyHeads(pilot: WavePilot, waveNo: number, clusterIds: readonly number[]): Promise<number> {
    const inserted = await sql<{ id: number; province_code: string }>`
      INSERT INTO pilot_enrolments (pilot_id, cluster_id, wave_no, province_code, village_code, household_id,
                                    person_id, cooperative_id, cooperative_match, treatment, facilitator)
      SELECT ${pilot.id}, c.id, ${waveNo}, left(h.village_code, 2), h.village_code, h.id, head.id,
             d.cooperative_id, d.cooperative_match, d.treatment, NULL
      FROM pilot_clusters c
      JOIN households h ON ${
        pilot.cluster_kind === 'cooperative'
          ? sql`(h.province_code, h.id) IN (SELECT d0.province_code, d0.household_id FROM policy_decisions d0
                           JOIN policy_applications pa0 ON pa0.id = d0.application_id
                          WHERE d0.cooperative_id = c.cooperative_id AND d0.superseded_by IS NULL
                            AND pa0.policy_row_id = ${pilot.policy_row_id})`
          : sql`h.village_code = c.village_code`
      }
      JOIN LATERAL (
        SELECT d.treatment, d.cooperative_id, d.cooperative_match
        FROM policy_decisions d JOIN policy_applications pa ON pa.id = d.application_id
        WHERE d.province_code = h.province_code AND d.household_id = h.id AND d.superseded_by IS NULL
          AND pa.policy_row_id = ${pilot.policy_row_id}
        ORDER BY d.id DESC LIMIT 1
      ) d ON true
      JOIN LATERAL (
        SELECT p.id FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id
        ORDER BY (p.relation = 1) DESC, p.birth_date ASC NULLS LAST, p.id LIMIT 1
      ) head ON true
      WHERE c.id IN (${sql.join(clusterIds)})
        AND d.treatment = ANY(${pilot.member_treatments}::text[])${
          pilot.cluster_kind === 'cooperative' ? sql` AND d.cooperative_id = c.cooperative_id` : sql``
        }
      ON CONFLICT (pilot_id, person_id) DO NOTHING
      RETURNING id, province_code`.execute(this.db);
    return inserted.rows.length;
  }

  /** The first event (→ identified) of the wave's enrolments that have none yet. */
  async insertIdentifiedEvents(pilotId: number, waveNo: number, actor: string, note: string): Promise<void> {
    await sql`
      INSERT INTO pilot_enrolment_events (enrolment_id, province_code, from_state, to_state, version, occurred_at, actor, note)
      SELECT e.id, e.province_code, NULL, 'identified', 1, now(), ${actor}, ${note}
      FROM pilot_enrolments e WHERE e.pilot_id = ${pilotId} AND e.wave_no = ${waveNo}
        AND NOT EXISTS (SELECT 1 FROM pilot_enrolment_events x WHERE x.enrolment_id = e.id)`.execute(this.db);
  }

  async markWaveOpened(waveId: number, openedBy: string): Promise<void> {
    await this.db
      .updateTable('pilot_waves')
      .set({ opened_at: new Date(), opened_by: openedBy })
      .where('id', '=', waveId)
      .execute();
  }

  personWithHousehold(personId: number) {
    return this.db
      .selectFrom('persons as p')
      .innerJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select(['p.id', 'h.id as household_id', 'h.village_code'])
      .where('p.id', '=', personId)
      .executeTakeFirst();
  }

  pilot(pilotId: number) {
    return this.db.selectFrom('pilots').selectAll().where('id', '=', pilotId).executeTakeFirst();
  }

  /** The household's current decision under one stored policy version. */
  currentDecision(householdId: number, policyRowId: number | null) {
    return this.db
      .selectFrom('policy_decisions as d')
      .innerJoin('policy_applications as pa', 'pa.id', 'd.application_id')
      .select(['d.treatment', 'd.cooperative_id', 'd.cooperative_match'])
      .where('d.household_id', '=', householdId)
      .where('d.superseded_by', 'is', null)
      .where('pa.policy_row_id', '=', policyRowId)
      .orderBy('d.id', 'desc')
      .executeTakeFirst();
  }

  /** Inserts an enrolment; undefined when the person is already enrolled in the pilot. */
  insertEnrolment(enrolment: Insertable<DB['pilot_enrolments']>) {
    return this.db
      .insertInto('pilot_enrolments')
      .values(enrolment)
      .onConflict((oc) => oc.columns(['pilot_id', 'person_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
  }

  /** The enrolment row, locked for the rest of the transaction. */
  lockEnrolment(id: number) {
    return this.db
      .selectFrom('pilot_enrolments')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  async updateEnrolment(id: number, changes: Updateable<DB['pilot_enrolments']>): Promise<void> {
    await this.db.updateTable('pilot_enrolments').set(changes).where('id', '=', id).execute();
  }

  async activateMembership(enrolmentId: number): Promise<void> {
    await this.db
      .updateTable('cooperative_members')
      .set({ status: 'active' })
      .where('enrolment_id', '=', enrolmentId)
      .execute();
  }

  /** Marks the membership an enrolment created as left (if it has not left already). */
  async leaveMembership(enrolmentId: number, leftOn: string): Promise<void> {
    await this.db
      .updateTable('cooperative_members')
      .set({ status: 'left', left_on: leftOn })
      .where('enrolment_id', '=', enrolmentId)
      .where('status', '<>', 'left')
      .execute();
  }

  lockCooperative(cooperativeId: number) {
    return this.db
      .selectFrom('cooperatives')
      .select(['id', 'village_code'])
      .where('id', '=', cooperativeId)
      .forUpdate()
      .executeTakeFirstOrThrow();
  }

  /** What registering a person as a member reads of them. */
  personForMembership(personId: number) {
    return this.db
      .selectFrom('persons')
      .select([
        'id',
        'nik',
        'name',
        'name_normalized',
        'birth_date',
        'marital_status',
        'entity_id',
        'household_id',
      ])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
  }

  /** Memberships in the cooperative not left of this person (same person, linked entity or NIK). */
  async currentMemberships(
    cooperativeId: number,
    person: { id: number; entity_id: number | null; nik: string | null },
  ): Promise<number> {
    const row = await this.db
      .selectFrom('cooperative_members as m')
      .leftJoin('persons as p', 'p.id', 'm.person_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('m.cooperative_id', '=', cooperativeId)
      .where('m.status', '<>', 'left')
      .where((eb) =>
        eb.or([
          eb('m.person_id', '=', person.id),
          ...(person.entity_id !== null ? [eb('p.entity_id', '=', person.entity_id)] : []),
          ...(person.nik !== null ? [eb('m.nik', '=', person.nik)] : []),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async memberNoTaken(cooperativeId: number, memberNo: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('cooperative_members')
      .select('id')
      .where('cooperative_id', '=', cooperativeId)
      .where('member_no', '=', memberNo)
      .executeTakeFirst();
    return row !== undefined;
  }

  async insertMember(member: Insertable<DB['cooperative_members']>): Promise<void> {
    await this.db.insertInto('cooperative_members').values(member).execute();
  }

  /** Open enrolments of a household's person (or of its head when `personId` is null). */
  openEnrolmentsOf(householdId: number, personId: number | null) {
    let query = this.db
      .selectFrom('pilot_enrolments as e')
      .innerJoin('persons as p', 'p.id', 'e.person_id')
      .select(['e.id', 'e.version'])
      .where('e.household_id', '=', householdId)
      .where('e.state', 'not in', ['withdrawn', 'ineligible', 'declined']);
    query = personId === null ? query.where('p.relation', '=', 1) : query.where('e.person_id', '=', personId);
    return query.execute();
  }

  /**
   * Funnel counts of the enrolments matching `where` (a condition on the alias `e`, the caller's scope) and,
   * when given, one pilot: how many are now in each state, and how many ever entered each state (from the
   * event log, which records every transition, the first one to identified included).
   */
  async funnelCounts(
    where: Expression<SqlBool> | null,
    pilotId?: number,
  ): Promise<{ now: { state: string; n: string }[]; entered: { state: string; n: string }[] }> {
    let now = this.db
      .selectFrom('pilot_enrolments as e')
      .select(['e.state', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('e.state');
    let entered = this.db
      .selectFrom('pilot_enrolment_events as ev')
      .innerJoin('pilot_enrolments as e', (j) =>
        j.onRef('e.province_code', '=', 'ev.province_code').onRef('e.id', '=', 'ev.enrolment_id'),
      )
      .select(['ev.to_state as state', (eb) => eb.fn.count<string>('ev.enrolment_id').distinct().as('n')])
      .groupBy('ev.to_state');
    if (where) {
      now = now.where(where);
      entered = entered.where(where);
    }
    if (pilotId !== undefined) {
      now = now.where('e.pilot_id', '=', pilotId);
      entered = entered.where('e.pilot_id', '=', pilotId);
    }
    return { now: await now.execute(), entered: await entered.execute() };
  }
}

/**
 * The enrolment funnel in the database: opening a wave (the identified list), adding a person, moving an
 * enrolment (optimistic locking on `version`, consent enforced, registration through the registrar's rules),
 * and honouring a withdrawn consent. Every change writes an event row and an audit entry in one transaction.
 */
import { sql } from 'kysely';
import { auditChange, type AuditActor } from '../../audit/access-audit.js';
import { registrarFailures } from '../../cooperatives/membership/registrar-rules.js';
import type { Tx } from '../../db/database.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';
import { lockPilot } from '../pilot-service.js';
import { checkTransition, isFunnelState, NEEDS_CONSENT, type FunnelState } from './funnel.js';

export interface EnrolmentRecord {
  id: number;
  pilot_id: number;
  wave_no: number;
  village_code: string;
  household_id: number;
  person_id: number;
  cooperative_id: number | null;
  treatment: string;
  state: FunnelState;
  version: number;
  facilitator: string | null;
  state_at: Date;
  member_id: number | null;
  member_no: string | null;
}

/** Thrown when the caller's version is not the current one: the API answers 409 with `current`. */
export class VersionConflictError extends UserError {
  constructor(readonly current: EnrolmentRecord) {
    super(
      say(
        `enrolment ${current.id} was changed meanwhile (now version ${current.version}, ${current.state}): reload and retry`,
        `pendaftaran ${current.id} telah diubah (kini versi ${current.version}, ${current.state}): muat ulang lalu coba lagi`,
      ),
      'version_conflict',
    );
  }
}

type Reader = Pick<Tx, 'db'>;

export async function enrolmentRecord(tx: Reader, id: number): Promise<EnrolmentRecord | null> {
  const row = await tx.db
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
  return row ?? null;
}

/** The person's current cooperative_enrolment consent: their latest decision (or the household's, for its head). */
export async function hasEnrolmentConsent(tx: Reader, personId: number): Promise<boolean> {
  const latest = await tx.db
    .selectFrom('consent_records as c')
    .innerJoin('persons as p', 'p.household_id', 'c.household_id')
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
  return latest?.status === 'given';
}

/**
 * The pilot's binding assignment of a cluster and whether its wave is open. The cluster is given by id, or found
 * by the village (village pilots) or the assigned cooperative (cooperative pilots) of a household.
 */
async function clusterStatus(
  tx: Reader,
  pilotId: number,
  of: { clusterId: number } | { villageCode: string } | { cooperativeId: number | null },
) {
  return tx.db
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

async function insertEvent(
  tx: Tx,
  e: { id: number; province: string; from: FunnelState | null; to: FunnelState; version: number },
  meta: MoveMeta,
  who: AuditActor,
): Promise<void> {
  await tx.db
    .insertInto('pilot_enrolment_events')
    .values({
      enrolment_id: e.id,
      province_code: e.province,
      from_state: e.from,
      to_state: e.to,
      version: e.version,
      occurred_at: meta.occurredAt ?? new Date(),
      actor: who.username,
      facilitator: meta.facilitator ?? null,
      place: meta.place ?? null,
      note: meta.note ?? null,
    })
    .execute();
}

export interface MoveMeta {
  occurredAt?: Date | undefined;
  facilitator?: string | null | undefined;
  place?: string | null | undefined;
  note?: string | null | undefined;
}

/**
 * Opens a wave: every household of the wave's treatment clusters whose current decision (under the pilot's
 * policy) has a member treatment gets an `identified` enrolment for its head. Control clusters get nothing. A
 * village cluster holds the village's households; a cooperative cluster the households whose current decision
 * assigns them to that cooperative (wherever they live).
 */
export async function openWave(
  tx: Tx,
  pilotId: number,
  waveNo: number,
  who: AuditActor,
): Promise<{ wave_no: number; clusters: number; identified: number }> {
  const pilot = await lockPilot(tx, pilotId);
  const wave = await tx.db
    .selectFrom('pilot_waves')
    .selectAll()
    .where('pilot_id', '=', pilotId)
    .where('wave_no', '=', waveNo)
    .executeTakeFirst();
  if (!wave)
    throw new NotFoundError(
      say(`pilot ${pilotId} has no wave ${waveNo}`, `uji coba ${pilotId} tidak memiliki gelombang ${waveNo}`),
    );
  if (wave.opened_at !== null)
    throw new UserError(
      say(`wave ${waveNo} is already open`, `gelombang ${waveNo} sudah dibuka`),
      'wave_open',
    );
  const randomization = await tx.db
    .selectFrom('pilot_randomizations')
    .select('id')
    .where('pilot_id', '=', pilotId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  if (!randomization)
    throw new UserError(
      say(
        `pilot ${pilotId} has no published assignment: publish it before opening a wave`,
        `uji coba ${pilotId} belum memiliki penetapan terbit: terbitkan dulu sebelum membuka gelombang`,
      ),
      'not_published',
    );
  const clusters = await tx.db
    .selectFrom('pilot_assignments as a')
    .innerJoin('pilot_clusters as c', 'c.id', 'a.cluster_id')
    .select(['c.id', 'c.village_code', 'c.province_code'])
    .where('a.randomization_id', '=', randomization.id)
    .where('a.arm', '=', 'treatment')
    .where(sql<number>`coalesce(a.wave_no, 1)`, '=', waveNo)
    .execute();
  let identified = 0;
  if (clusters.length > 0) {
    const inserted = await sql<{ id: number; province_code: string }>`
      INSERT INTO pilot_enrolments (pilot_id, cluster_id, wave_no, province_code, village_code, household_id,
                                    person_id, cooperative_id, cooperative_match, treatment, facilitator)
      SELECT ${pilotId}, c.id, ${waveNo}, left(h.village_code, 2), h.village_code, h.id, head.id,
             d.cooperative_id, d.cooperative_match, d.treatment, NULL
      FROM pilot_clusters c
      JOIN households h ON ${
        pilot.cluster_kind === 'cooperative'
          ? sql`h.id IN (SELECT d0.household_id FROM policy_decisions d0
                           JOIN policy_applications pa0 ON pa0.id = d0.application_id
                          WHERE d0.cooperative_id = c.cooperative_id AND d0.superseded_by IS NULL
                            AND pa0.policy_row_id = ${pilot.policy_row_id})`
          : sql`h.village_code = c.village_code`
      }
      JOIN LATERAL (
        SELECT d.treatment, d.cooperative_id, d.cooperative_match
        FROM policy_decisions d JOIN policy_applications pa ON pa.id = d.application_id
        WHERE d.household_id = h.id AND d.superseded_by IS NULL AND pa.policy_row_id = ${pilot.policy_row_id}
        ORDER BY d.id DESC LIMIT 1
      ) d ON true
      JOIN LATERAL (
        SELECT p.id FROM persons p WHERE p.province_code = h.province_code AND p.household_id = h.id
        ORDER BY (p.relation = 1) DESC, p.birth_date ASC NULLS LAST, p.id LIMIT 1
      ) head ON true
      WHERE c.id IN (${sql.join(clusters.map((c) => c.id))})
        AND d.treatment = ANY(${pilot.member_treatments}::text[])${
          pilot.cluster_kind === 'cooperative' ? sql` AND d.cooperative_id = c.cooperative_id` : sql``
        }
      ON CONFLICT (pilot_id, person_id) DO NOTHING
      RETURNING id, province_code`.execute(tx.db);
    identified = inserted.rows.length;
    if (identified > 0) {
      await sql`
        INSERT INTO pilot_enrolment_events (enrolment_id, province_code, from_state, to_state, version, occurred_at, actor, note)
        SELECT e.id, e.province_code, NULL, 'identified', 1, now(), ${who.username}, ${`wave ${waveNo} opened`}
        FROM pilot_enrolments e WHERE e.pilot_id = ${pilotId} AND e.wave_no = ${waveNo}
          AND NOT EXISTS (SELECT 1 FROM pilot_enrolment_events x WHERE x.enrolment_id = e.id)`.execute(tx.db);
    }
  }
  await tx.db
    .updateTable('pilot_waves')
    .set({ opened_at: new Date(), opened_by: who.username })
    .where('id', '=', wave.id)
    .execute();
  await auditChange(tx, who, {
    action: 'pilot.wave_open',
    subjectType: 'pilot',
    subjectId: pilotId,
    regionCode: pilot.region_code,
    details: { wave_no: waveNo, clusters: clusters.length, identified },
  });
  return { wave_no: waveNo, clusters: clusters.length, identified };
}

/** Adds one person (e.g. a second household member) to an open treatment cluster; control clusters are refused. */
export async function addEnrolment(
  tx: Tx,
  input: { pilotId: number; personId: number } & MoveMeta,
  who: AuditActor,
): Promise<EnrolmentRecord> {
  const person = await tx.db
    .selectFrom('persons as p')
    .innerJoin('households as h', (j) =>
      j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
    )
    .select(['p.id', 'h.id as household_id', 'h.village_code'])
    .where('p.id', '=', input.personId)
    .executeTakeFirst();
  if (!person)
    throw new NotFoundError(
      say(`person ${input.personId} not found`, `orang ${input.personId} tidak ditemukan`),
    );
  const pilot = await tx.db
    .selectFrom('pilots')
    .selectAll()
    .where('id', '=', input.pilotId)
    .executeTakeFirst();
  if (!pilot)
    throw new NotFoundError(
      say(`pilot ${input.pilotId} not found`, `uji coba ${input.pilotId} tidak ditemukan`),
    );
  const decision = await tx.db
    .selectFrom('policy_decisions as d')
    .innerJoin('policy_applications as pa', 'pa.id', 'd.application_id')
    .select(['d.treatment', 'd.cooperative_id', 'd.cooperative_match'])
    .where('d.household_id', '=', person.household_id)
    .where('d.superseded_by', 'is', null)
    .where('pa.policy_row_id', '=', pilot.policy_row_id)
    .orderBy('d.id', 'desc')
    .executeTakeFirst();
  const byCooperative = pilot.cluster_kind === 'cooperative';
  const cluster = await clusterStatus(
    tx,
    input.pilotId,
    byCooperative
      ? { cooperativeId: decision?.cooperative_id ?? null }
      : { villageCode: person.village_code },
  );
  const where = byCooperative
    ? say(
        `the cooperative of household ${person.household_id}`,
        `koperasi rumah tangga ${person.household_id}`,
      )
    : say(`village ${person.village_code}`, `desa ${person.village_code}`);
  const named = (c: { cluster_key: string }) =>
    byCooperative
      ? say(`cooperative ${c.cluster_key}`, `koperasi ${c.cluster_key}`)
      : say(`village ${person.village_code}`, `desa ${person.village_code}`);
  if (!cluster)
    throw new UserError(
      say(
        `${where.en} is not a cluster of pilot ${input.pilotId} with a published assignment${byCooperative ? ' (no cooperative of the pilot is assigned to it by a current policy decision)' : ''}`,
        `${where.id} bukan klaster uji coba ${input.pilotId} dengan penetapan terbit${byCooperative ? ' (tidak ada keputusan kebijakan yang menetapkannya ke koperasi uji coba)' : ''}`,
      ),
      'not_in_pilot',
    );
  if (cluster.arm === 'control')
    throw new UserError(
      say(
        `${named(cluster).en} is a control cluster of pilot ${input.pilotId}: its households are not enrolled${pilot.design === 'stepped_wedge' ? ' before their wave' : ''} (the comparison would be lost)`,
        `${named(cluster).id} adalah klaster kontrol uji coba ${input.pilotId}: rumah tangganya tidak didaftarkan${pilot.design === 'stepped_wedge' ? ' sebelum gelombangnya' : ''} (pembanding akan hilang)`,
      ),
      'control_cluster',
    );
  if (cluster.opened_at === null)
    throw new UserError(
      say(
        `wave ${cluster.wave_no} of ${named(cluster).en} is not open yet`,
        `gelombang ${cluster.wave_no} ${named(cluster).id} belum dibuka`,
      ),
      'wave_not_open',
    );
  if (!decision || !pilot.member_treatments.includes(decision.treatment))
    throw new UserError(
      say(
        `household ${person.household_id} has no decision making it a member under the pilot's policy (treatment ${decision?.treatment ?? 'none'})`,
        `rumah tangga ${person.household_id} tidak memiliki keputusan yang menjadikannya anggota menurut kebijakan uji coba (perlakuan ${decision?.treatment ?? 'tidak ada'})`,
      ),
      'not_eligible',
    );
  const row = await tx.db
    .insertInto('pilot_enrolments')
    .values({
      pilot_id: input.pilotId,
      cluster_id: cluster.cluster_id,
      wave_no: cluster.wave_no,
      province_code: person.village_code.slice(0, 2),
      village_code: person.village_code,
      household_id: person.household_id,
      person_id: person.id,
      cooperative_id: decision.cooperative_id,
      cooperative_match: decision.cooperative_match,
      treatment: decision.treatment,
      facilitator: input.facilitator ?? null,
    })
    .onConflict((oc) => oc.columns(['pilot_id', 'person_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row)
    throw new UserError(
      say(
        `person ${person.id} is already enrolled in pilot ${input.pilotId}`,
        `orang ${person.id} sudah terdaftar di uji coba ${input.pilotId}`,
      ),
      'already_enrolled',
    );
  await insertEvent(
    tx,
    { id: row.id, province: person.village_code.slice(0, 2), from: null, to: 'identified', version: 1 },
    input,
    who,
  );
  await auditChange(tx, who, {
    action: 'enrolment.add',
    subjectType: 'enrolment',
    subjectId: row.id,
    regionCode: person.village_code,
    details: { pilot_id: input.pilotId, person_id: person.id },
  });
  return (await enrolmentRecord(tx, row.id))!;
}

export interface MoveInput extends MoveMeta {
  enrolmentId: number;
  to: string;
  /** The version the caller last saw; a different current version is a conflict (409). */
  expectedVersion: number;
  /** registered: the member number (default `<pilot>-<enrolment>`) and join date (default today). */
  memberNo?: string | undefined;
  joinedOn?: string | undefined;
}

export async function moveEnrolment(tx: Tx, input: MoveInput, who: AuditActor): Promise<EnrolmentRecord> {
  if (!isFunnelState(input.to))
    throw new UserError(
      say(`unknown state "${input.to}"`, `tahap "${input.to}" tidak dikenal`),
      'invalid_state',
    );
  const to = input.to;
  const e = await tx.db
    .selectFrom('pilot_enrolments')
    .selectAll()
    .where('id', '=', input.enrolmentId)
    .forUpdate()
    .executeTakeFirst();
  if (!e)
    throw new NotFoundError(
      say(`enrolment ${input.enrolmentId} not found`, `pendaftaran ${input.enrolmentId} tidak ditemukan`),
    );
  if (e.version !== input.expectedVersion) throw new VersionConflictError((await enrolmentRecord(tx, e.id))!);
  const cluster = await clusterStatus(tx, e.pilot_id, { clusterId: e.cluster_id });
  const check = checkTransition(e.state, to, {
    hasConsent: NEEDS_CONSENT.includes(to) ? await hasEnrolmentConsent(tx, e.person_id) : true,
    clusterOpen: cluster?.arm === 'treatment' && cluster.opened_at !== null,
  });
  if (!check.ok) throw new UserError(check.reason, check.code);
  const joinedOn = input.joinedOn ?? new Date().toISOString().slice(0, 10);
  if (to === 'registered') await registerMember(tx, e, { memberNo: input.memberNo, joinedOn });
  if (to === 'paid_pokok' || to === 'active')
    await tx.db
      .updateTable('cooperative_members')
      .set({ status: 'active' })
      .where('enrolment_id', '=', e.id)
      .execute();
  if (to === 'withdrawn')
    await tx.db
      .updateTable('cooperative_members')
      .set({ status: 'left', left_on: joinedOn })
      .where('enrolment_id', '=', e.id)
      .where('status', '<>', 'left')
      .execute();
  const version = e.version + 1;
  await tx.db
    .updateTable('pilot_enrolments')
    .set({
      state: to,
      version,
      state_at: input.occurredAt ?? new Date(),
      ...(input.facilitator ? { facilitator: input.facilitator } : {}),
    })
    .where('id', '=', e.id)
    .execute();
  await insertEvent(tx, { id: e.id, province: e.province_code, from: e.state, to, version }, input, who);
  await auditChange(tx, who, {
    action: 'enrolment.move',
    subjectType: 'enrolment',
    subjectId: e.id,
    regionCode: e.village_code,
    details: { pilot_id: e.pilot_id, from: e.state, to, version },
  });
  return (await enrolmentRecord(tx, e.id))!;
}

async function registerMember(
  tx: Tx,
  e: {
    id: number;
    pilot_id: number;
    person_id: number;
    cooperative_id: number | null;
    cooperative_match: string | null;
    village_code: string;
  },
  options: { memberNo?: string | undefined; joinedOn: string },
): Promise<void> {
  if (e.cooperative_id === null)
    throw new UserError(
      say(
        'the household has no assigned cooperative (policy decision): cannot register',
        'rumah tangga tidak memiliki koperasi yang ditetapkan (keputusan kebijakan): tidak dapat didaftarkan',
      ),
      'no_cooperative',
    );
  const coop = await tx.db
    .selectFrom('cooperatives')
    .select(['id', 'village_code'])
    .where('id', '=', e.cooperative_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const person = await tx.db
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
    .where('id', '=', e.person_id)
    .executeTakeFirstOrThrow();
  const existing = await tx.db
    .selectFrom('cooperative_members as m')
    .leftJoin('persons as p', 'p.id', 'm.person_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('m.cooperative_id', '=', coop.id)
    .where('m.status', '<>', 'left')
    .where((eb) =>
      eb.or([
        eb('m.person_id', '=', person.id),
        ...(person.entity_id !== null ? [eb('p.entity_id', '=', person.entity_id)] : []),
        ...(person.nik !== null ? [eb('m.nik', '=', person.nik)] : []),
      ]),
    )
    .executeTakeFirstOrThrow();
  const failures = registrarFailures(
    { birthDate: person.birth_date, maritalStatus: person.marital_status, villageCode: e.village_code },
    {
      cooperativeVillageCode: coop.village_code,
      match: e.cooperative_match as 'village' | 'district_nearest' | 'none' | null,
      existingMemberships: Number(existing.n),
    },
    options.joinedOn,
  );
  if (failures.length > 0)
    throw new UserError(
      say(failures.map((f) => f.reason.en).join('; '), failures.map((f) => f.reason.id).join('; ')),
      failures.some((f) => f.rule === 'duplicate') ? 'duplicate_membership' : 'registrar_refused',
      { rules: failures.map((f) => f.rule) },
    );
  const memberNo = options.memberNo ?? `P${e.pilot_id}-${String(e.id).padStart(6, '0')}`;
  const taken = await tx.db
    .selectFrom('cooperative_members')
    .select('id')
    .where('cooperative_id', '=', coop.id)
    .where('member_no', '=', memberNo)
    .executeTakeFirst();
  if (taken)
    throw new UserError(
      say(
        `member number ${memberNo} is taken in this cooperative`,
        `nomor anggota ${memberNo} sudah dipakai di koperasi ini`,
      ),
      'member_no_taken',
    );
  await tx.db
    .insertInto('cooperative_members')
    .values({
      cooperative_id: coop.id,
      member_no: memberNo,
      nik: person.nik,
      name: person.name,
      name_normalized: person.name_normalized,
      joined_on: options.joinedOn,
      person_id: person.id,
      household_id: person.household_id,
      status: 'registered',
      enrolment_id: e.id,
    })
    .execute();
}

/**
 * Honours a withdrawn cooperative_enrolment consent: every open enrolment of the person (or, for a household-level
 * withdrawal, of its head) moves to withdrawn, and memberships the pilot created are marked left.
 */
export async function withdrawForConsent(
  tx: Tx,
  consent: { householdId: number; personId: number | null; decidedAt: Date },
  who: AuditActor,
): Promise<number[]> {
  let query = tx.db
    .selectFrom('pilot_enrolments as e')
    .innerJoin('persons as p', 'p.id', 'e.person_id')
    .select(['e.id', 'e.version'])
    .where('e.household_id', '=', consent.householdId)
    .where('e.state', 'not in', ['withdrawn', 'ineligible', 'declined']);
  query =
    consent.personId === null
      ? query.where('p.relation', '=', 1)
      : query.where('e.person_id', '=', consent.personId);
  const moved: number[] = [];
  for (const e of await query.execute()) {
    const current = await tx.db
      .selectFrom('pilot_enrolments')
      .selectAll()
      .where('id', '=', e.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const version = current.version + 1;
    await tx.db
      .updateTable('cooperative_members')
      .set({ status: 'left', left_on: consent.decidedAt.toISOString().slice(0, 10) })
      .where('enrolment_id', '=', e.id)
      .where('status', '<>', 'left')
      .execute();
    await tx.db
      .updateTable('pilot_enrolments')
      .set({ state: 'withdrawn', version, state_at: consent.decidedAt })
      .where('id', '=', e.id)
      .execute();
    await insertEvent(
      tx,
      { id: e.id, province: current.province_code, from: current.state, to: 'withdrawn', version },
      { occurredAt: consent.decidedAt, note: 'cooperative_enrolment consent withdrawn' },
      who,
    );
    await auditChange(tx, who, {
      action: 'enrolment.withdraw',
      subjectType: 'enrolment',
      subjectId: e.id,
      regionCode: current.village_code,
      details: { pilot_id: current.pilot_id, from: current.state, reason: 'consent_withdrawn' },
    });
    moved.push(e.id);
  }
  return moved;
}

/**
 * The enrolment funnel in the database: opening a wave (the identified list), adding a person, moving an
 * enrolment (optimistic locking on `version`, consent enforced, registration through the registrar's rules),
 * and honouring a withdrawn consent. Every change writes an event row and an audit entry in one transaction.
 */
import { auditChange, type AuditActor } from '../../audit/access-audit.js';
import { registrarFailures } from '../../cooperatives/membership/registrar-rules.js';
import type { Tx } from '../../db/database.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';
import { PilotRepository } from '../pilot-repository.js';
import { lockPilot } from '../pilot-service.js';
import { EnrolmentRepository, type ClusterOf } from './enrolment-repository.js';
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
  return (await new EnrolmentRepository(tx.db).record(id)) ?? null;
}

/** The person's current cooperative_enrolment consent: their latest decision (or the household's, for its head). */
export async function hasEnrolmentConsent(tx: Reader, personId: number): Promise<boolean> {
  return (await new EnrolmentRepository(tx.db).latestEnrolmentConsent(personId)) === 'given';
}

/**
 * The pilot's binding assignment of a cluster and whether its wave is open. The cluster is given by id, or found
 * by the village (village pilots) or the assigned cooperative (cooperative pilots) of a household.
 */
function clusterStatus(tx: Reader, pilotId: number, of: ClusterOf) {
  return new EnrolmentRepository(tx.db).clusterStatus(pilotId, of);
}

async function insertEvent(
  tx: Tx,
  e: { id: number; province: string; from: FunnelState | null; to: FunnelState; version: number },
  meta: MoveMeta,
  who: AuditActor,
): Promise<void> {
  await new EnrolmentRepository(tx.db).insertEvent({
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
  });
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
  const repo = new EnrolmentRepository(tx.db);
  const wave = await repo.wave(pilotId, waveNo);
  if (!wave)
    throw new NotFoundError(
      say(`pilot ${pilotId} has no wave ${waveNo}`, `uji coba ${pilotId} tidak memiliki gelombang ${waveNo}`),
    );
  if (wave.opened_at !== null)
    throw new UserError(
      say(`wave ${waveNo} is already open`, `gelombang ${waveNo} sudah dibuka`),
      'wave_open',
    );
  const randomization = await new PilotRepository(tx.db).publishedDraw(pilotId);
  if (!randomization)
    throw new UserError(
      say(
        `pilot ${pilotId} has no published assignment: publish it before opening a wave`,
        `uji coba ${pilotId} belum memiliki penetapan terbit: terbitkan dulu sebelum membuka gelombang`,
      ),
      'not_published',
    );
  const clusters = await repo.treatedClustersOfWave(randomization.id, waveNo);
  let identified = 0;
  if (clusters.length > 0) {
    identified = await repo.identifyHeads(
      pilot,
      waveNo,
      clusters.map((c) => c.id),
    );
    if (identified > 0)
      await repo.insertIdentifiedEvents(pilotId, waveNo, who.username, `wave ${waveNo} opened`);
  }
  await repo.markWaveOpened(wave.id, who.username);
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
  const repo = new EnrolmentRepository(tx.db);
  const person = await repo.personWithHousehold(input.personId);
  if (!person)
    throw new NotFoundError(
      say(`person ${input.personId} not found`, `orang ${input.personId} tidak ditemukan`),
    );
  const pilot = await repo.pilot(input.pilotId);
  if (!pilot)
    throw new NotFoundError(
      say(`pilot ${input.pilotId} not found`, `uji coba ${input.pilotId} tidak ditemukan`),
    );
  const decision = await repo.currentDecision(person.household_id, pilot.policy_row_id);
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
  const row = await repo.insertEnrolment({
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
  });
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
  const repo = new EnrolmentRepository(tx.db);
  const e = await repo.lockEnrolment(input.enrolmentId);
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
  if (to === 'paid_pokok' || to === 'active') await repo.activateMembership(e.id);
  if (to === 'withdrawn') await repo.leaveMembership(e.id, joinedOn);
  const version = e.version + 1;
  await repo.updateEnrolment(e.id, {
    state: to,
    version,
    state_at: input.occurredAt ?? new Date(),
    ...(input.facilitator ? { facilitator: input.facilitator } : {}),
  });
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
  const repo = new EnrolmentRepository(tx.db);
  const coop = await repo.lockCooperative(e.cooperative_id);
  const person = await repo.personForMembership(e.person_id);
  const existing = await repo.currentMemberships(coop.id, person);
  const failures = registrarFailures(
    { birthDate: person.birth_date, maritalStatus: person.marital_status, villageCode: e.village_code },
    {
      cooperativeVillageCode: coop.village_code,
      match: e.cooperative_match as 'village' | 'district_nearest' | 'none' | null,
      existingMemberships: existing,
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
  if (await repo.memberNoTaken(coop.id, memberNo))
    throw new UserError(
      say(
        `member number ${memberNo} is taken in this cooperative`,
        `nomor anggota ${memberNo} sudah dipakai di koperasi ini`,
      ),
      'member_no_taken',
    );
  await repo.insertMember({
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
  });
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
  const repo = new EnrolmentRepository(tx.db);
  const moved: number[] = [];
  for (const e of await repo.openEnrolmentsOf(consent.householdId, consent.personId)) {
    const current = await repo.lockEnrolment(e.id);
    if (!current) throw new Error(`enrolment ${e.id} vanished inside its transaction`);
    const version = current.version + 1;
    await repo.leaveMembership(e.id, consent.decidedAt.toISOString().slice(0, 10));
    await repo.updateEnrolment(e.id, { state: 'withdrawn', version, state_at: consent.decidedAt });
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

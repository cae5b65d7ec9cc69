/**
 * Cooperative operations beyond the books: mentoring (pendampingan manajemen) with follow-ups, the register's
 * business units and officers with the registrar's checks, member exit with refund and history, RAT dates, the
 * health score, and the founding checklist of a community cooperative. Authorisation, scope and audit are the
 * access layer's (access/coop-operations-access.ts); the CLI calls these functions directly.
 */
import type { Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { ConflictError, NotFoundError, say, UserError } from '../shared/errors.js';
import { loanPortfolio } from './coop-reports.js';
import { parseCalendarDate } from './finance/due-dates.js';
import { conflict, refuse } from './ledger/posting.js';
import {
  foundingProgress,
  isFoundingStep,
  stepRefusal,
  type FoundingProgress,
  type StepRecord,
} from './operations/founding.js';
import {
  DEFAULT_HEALTH_SETTINGS,
  healthScore,
  type HealthScore,
  type HealthSettings,
} from './operations/health-score.js';
import {
  normaliseBusinessUnits,
  OFFICER_POSITIONS,
  registerFindings,
  standardUnit,
  type RegisterFinding,
} from './operations/register-checks.js';
import { exitMember, requireMember, savingsBalance, type PostMeta } from './savings-service.js';
import { openBooks, type Books } from './storage/ledger-repository.js';
import {
  businessUnitsOf,
  closeFollowupRow,
  currentOfficers,
  endOfficerRow,
  followupOf,
  foundingById,
  foundingSteps,
  healthCounts,
  insertFounding,
  insertFoundingStep,
  insertMemberEvent,
  insertOfficer,
  insertSession,
  markMemberLeft,
  memberEvents,
  officerOf,
  ratHeldOn,
  registerFoundingRows,
  registrationTaken,
  savingsTarget,
  sessionsOf,
  setBusinessUnitsRow,
  upsertRat,
  villageServed,
  type FoundingRow,
  type OfficerRow,
  type SessionRow,
} from './storage/operations-repository.js';

function date(text: string, field: string): string {
  parseCalendarDate(text, field);
  return text;
}

function text(value: string, field: string, max: number): string {
  const v = value.trim();
  if (v.length === 0 || v.length > max)
    throw new UserError(
      say(`${field} must be 1–${max} characters`, `${field} harus 1–${max} karakter`),
      'invalid_input',
    );
  return v;
}

// Mentoring -----------------------------------------------------------------------------------------------------

export interface SessionInput {
  heldOn: string;
  mentor: string;
  topic: string;
  attendees: readonly string[];
  findings: string;
  followups: readonly { action: string; dueOn: string }[];
}

export async function recordMentoringSession(
  tx: Tx,
  cooperativeId: number,
  input: SessionInput,
  recordedBy: string,
): Promise<{ books: Books; sessionId: number; followupIds: number[] }> {
  const heldOn = date(input.heldOn, 'held_on');
  const followups = input.followups.map((f, i) => {
    const dueOn = date(f.dueOn, `followups[${i}].due_on`);
    if (dueOn < heldOn)
      refuse(
        `followups[${i}].due_on ${dueOn} is before the session (${heldOn})`,
        `followups[${i}].due_on ${dueOn} sebelum sesi (${heldOn})`,
        'invalid_input',
      );
    return { action: text(f.action, `followups[${i}].action`, 500), dueOn };
  });
  const books = await openBooks(tx, cooperativeId);
  const ids = await insertSession(
    tx,
    books,
    {
      heldOn,
      mentor: text(input.mentor, 'mentor', 200),
      topic: text(input.topic, 'topic', 200),
      attendees: input.attendees.map((a, i) => text(a, `attendees[${i}]`, 200)),
      findings: input.findings.trim(),
    },
    followups,
    recordedBy,
  );
  return { books, ...ids };
}

export async function mentoringSessions(
  db: Kysely<DB>,
  books: Books,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<SessionRow[]> {
  return sessionsOf(db, books, range);
}

export async function closeFollowup(
  tx: Tx,
  cooperativeId: number,
  followupId: number,
  closing: { closedOn: string; note: string },
  by: string,
): Promise<{ books: Books; followupId: number; closedOn: string }> {
  const books = await openBooks(tx, cooperativeId);
  const f = await followupOf(tx.db, books, followupId);
  if (!f)
    throw new NotFoundError(
      say(
        `follow-up ${followupId} not found in cooperative ${cooperativeId}`,
        `tindak lanjut ${followupId} tidak ditemukan di koperasi ${cooperativeId}`,
      ),
    );
  const closedOn = date(closing.closedOn, 'closed_on');
  if (f.closed_on !== null)
    conflict(
      `follow-up ${followupId} was already closed on ${f.closed_on} by ${f.closed_by}`,
      `tindak lanjut ${followupId} sudah ditutup pada ${f.closed_on} oleh ${f.closed_by}`,
      'already_closed',
    );
  if (closedOn < f.held_on)
    refuse(
      `closed_on ${closedOn} is before the session (${f.held_on})`,
      `closed_on ${closedOn} sebelum sesi (${f.held_on})`,
      'invalid_input',
    );
  await closeFollowupRow(tx, books, followupId, closedOn, closing.note.trim(), by);
  return { books, followupId, closedOn };
}

// Register ------------------------------------------------------------------------------------------------------

export interface RegisterCheck {
  cooperative_id: number;
  as_of: string;
  business_units: { standard: string[]; custom: string[] };
  officers: OfficerRow[];
  findings: RegisterFinding[];
  in_order: boolean;
}

export async function registerCheck(
  db: Kysely<DB>,
  cooperativeId: number,
  asOf: string,
): Promise<RegisterCheck> {
  const [units, officers] = await Promise.all([
    businessUnitsOf(db, cooperativeId),
    currentOfficers(db, cooperativeId, date(asOf, 'as_of')),
  ]);
  const findings = registerFindings(officers);
  return {
    cooperative_id: cooperativeId,
    as_of: asOf,
    business_units: {
      standard: units.flatMap((u) => standardUnit(u) ?? []),
      custom: units.filter((u) => standardUnit(u) === null),
    },
    officers,
    findings,
    in_order: !findings.some((f) => f.severity === 'error'),
  };
}

export async function setBusinessUnits(tx: Tx, cooperativeId: number, units: readonly string[]) {
  let normalised: string[];
  try {
    normalised = normaliseBusinessUnits(units);
  } catch (e) {
    throw new UserError(
      say((e as Error).message, `nama unit usaha lain harus 1–100 karakter: ${(e as Error).message}`),
      'invalid_input',
    );
  }
  const books = await openBooks(tx, cooperativeId);
  await setBusinessUnitsRow(tx, cooperativeId, normalised);
  return { books, units: normalised };
}

export interface OfficerInput {
  position: string;
  name: string;
  nik?: string | null | undefined;
  kk?: string | null | undefined;
  exOfficio?: boolean | undefined;
  startDate: string;
}

export async function appointOfficer(tx: Tx, cooperativeId: number, o: OfficerInput) {
  if (!(OFFICER_POSITIONS as readonly string[]).includes(o.position))
    refuse(
      `position must be one of ${OFFICER_POSITIONS.join(', ')}, got "${o.position}"`,
      `jabatan harus salah satu dari ${OFFICER_POSITIONS.join(', ')}, diberikan "${o.position}"`,
      'invalid_input',
    );
  for (const [field, v] of [
    ['nik', o.nik],
    ['kk', o.kk],
  ] as const)
    if (v != null && !/^\d{16}$/.test(v))
      refuse(`${field} must be 16 digits`, `${field} harus 16 digit`, 'invalid_input');
  if (o.exOfficio && o.position !== 'ketua_pengawas')
    refuse(
      'only the ketua_pengawas (the kepala desa) holds the post ex officio',
      'hanya ketua_pengawas (kepala desa) yang menjabat secara ex officio',
      'invalid_input',
    );
  const books = await openBooks(tx, cooperativeId);
  const id = await insertOfficer(tx, cooperativeId, {
    position: o.position,
    name: text(o.name, 'name', 200),
    nik: o.nik ?? null,
    kk: o.kk ?? null,
    exOfficio: o.exOfficio ?? false,
    startDate: date(o.startDate, 'start_date'),
  });
  return { books, officerId: id };
}

export async function endOfficerTerm(tx: Tx, cooperativeId: number, officerId: number, endDate: string) {
  const books = await openBooks(tx, cooperativeId);
  const o = await officerOf(tx.db, cooperativeId, officerId);
  if (!o)
    throw new NotFoundError(
      say(
        `officer ${officerId} not found in cooperative ${cooperativeId}`,
        `pengurus ${officerId} tidak ditemukan di koperasi ${cooperativeId}`,
      ),
    );
  const end = date(endDate, 'end_date');
  if (o.end_date !== null)
    conflict(
      `officer ${officerId}'s term already ended on ${o.end_date}`,
      `masa jabatan ${officerId} sudah berakhir pada ${o.end_date}`,
      'already_ended',
    );
  if (o.start_date !== null && end < o.start_date)
    refuse(
      `end_date ${end} is before the start (${o.start_date})`,
      `end_date ${end} sebelum mulai menjabat (${o.start_date})`,
      'invalid_input',
    );
  await endOfficerRow(tx, officerId, end);
  return { books, officerId, endDate: end };
}

// Member exit ---------------------------------------------------------------------------------------------------

export interface ExitResult {
  memberId: number;
  eventId: number;
  entryId: number | null;
  leftOn: string;
  refund: { pokok: bigint; wajib: bigint; sukarela: bigint; total: bigint };
  idempotencyKey: string;
  replayed: boolean;
}

interface ExitDetails {
  idempotency_key?: string;
  refund?: { pokok: string; wajib: string; sukarela: string };
}

/**
 * A member leaves: pokok, wajib and sukarela are paid back in one journal entry (savings-service's exit refund),
 * the member's status becomes `left`, and a `left` event keeps the history. A retry with the same key answers the
 * first exit; another exit of a member who left is refused.
 */
export async function memberExit(
  tx: Tx,
  cooperativeId: number,
  memberId: number,
  meta: PostMeta,
): Promise<{ books: Books; result: ExitResult }> {
  const books = await openBooks(tx, cooperativeId);
  const member = await requireMember(tx, books, memberId, false);
  const prior = (await memberEvents(tx.db, books, memberId)).find((e) => e.kind === 'left');
  if (prior) {
    const d = (prior.details ?? {}) as ExitDetails;
    if (d.idempotency_key === meta.idempotencyKey) {
      const r = d.refund ?? { pokok: '0', wajib: '0', sukarela: '0' };
      const refund = { pokok: BigInt(r.pokok), wajib: BigInt(r.wajib), sukarela: BigInt(r.sukarela) };
      return {
        books,
        result: {
          memberId,
          eventId: prior.id,
          entryId: prior.entry_id,
          leftOn: prior.event_date,
          refund: { ...refund, total: refund.pokok + refund.wajib + refund.sukarela },
          idempotencyKey: meta.idempotencyKey,
          replayed: true,
        },
      };
    }
    conflict(
      `member ${memberId} already left on ${prior.event_date}`,
      `anggota ${memberId} sudah keluar pada ${prior.event_date}`,
      'member_left',
    );
  }
  if (member.joined_on !== null && meta.date < member.joined_on)
    refuse(
      `exit date ${meta.date} is before the member joined (${member.joined_on})`,
      `tanggal keluar ${meta.date} sebelum anggota bergabung (${member.joined_on})`,
      'invalid_input',
    );
  const refund = {
    pokok: await savingsBalance(tx, books, memberId, 'pokok'),
    wajib: await savingsBalance(tx, books, memberId, 'wajib'),
    sukarela: await savingsBalance(tx, books, memberId, 'sukarela'),
  };
  const posted = await exitMember(tx, cooperativeId, memberId, meta);
  await markMemberLeft(tx, memberId, member.left_on ?? meta.date);
  const eventId = await insertMemberEvent(
    tx,
    books,
    {
      memberId,
      kind: 'left',
      date: member.left_on ?? meta.date,
      entryId: posted?.entryId ?? null,
      details: {
        idempotency_key: meta.idempotencyKey,
        refund: {
          pokok: String(refund.pokok),
          wajib: String(refund.wajib),
          sukarela: String(refund.sukarela),
        },
      },
    },
    meta.postedBy,
  );
  return {
    books,
    result: {
      memberId,
      eventId,
      entryId: posted?.entryId ?? null,
      leftOn: member.left_on ?? meta.date,
      refund: { ...refund, total: refund.pokok + refund.wajib + refund.sukarela },
      idempotencyKey: meta.idempotencyKey,
      replayed: false,
    },
  };
}

export async function memberHistory(db: Kysely<DB>, books: Books, memberId: number) {
  const member = await db
    .selectFrom('cooperative_members')
    .select(['id', 'member_no', 'joined_on', 'left_on', 'status'])
    .where('id', '=', memberId)
    .where('cooperative_id', '=', books.cooperativeId)
    .executeTakeFirst();
  if (!member)
    throw new NotFoundError(say(`member ${memberId} not found`, `anggota ${memberId} tidak ditemukan`));
  const events = await memberEvents(db, books, memberId);
  return { member, events };
}

// RAT and health --------------------------------------------------------------------------------------------------

export async function recordRat(tx: Tx, cooperativeId: number, bookYear: number, heldOn: string, by: string) {
  const held = date(heldOn, 'held_on');
  if (!Number.isInteger(bookYear) || bookYear < 1990 || bookYear > 2200 || held <= `${bookYear}-12-31`)
    refuse(
      `the RAT of book year ${bookYear} is held after the year ends, got ${held}`,
      `RAT tahun buku ${bookYear} diadakan setelah tahun buku berakhir, diberikan ${held}`,
      'invalid_input',
    );
  const books = await openBooks(tx, cooperativeId);
  await upsertRat(tx, books, bookYear, held, by);
  return { books, bookYear, heldOn: held };
}

/** The book year whose RAT is the latest one due by `asOf` (its deadline, 30 June after it by default, has passed). */
export function ratYearDue(asOf: string, startedOn: string | null, deadline = '06-30'): number | null {
  const y = Number(asOf.slice(0, 4));
  const year = asOf.slice(5) > deadline ? y - 1 : y - 2;
  if (startedOn === null || startedOn > `${year}-12-31`) return null;
  return year;
}

function yearBefore(asOf: string): string {
  const y = Number(asOf.slice(0, 4)) - 1;
  const md = asOf.slice(5) === '02-29' ? '02-28' : asOf.slice(5);
  return `${y}-${md}`;
}

export async function cooperativeHealth(
  db: Kysely<DB>,
  books: Books,
  asOf: string,
  settings: HealthSettings = DEFAULT_HEALTH_SETTINGS,
): Promise<HealthScore> {
  const on = date(asOf, 'as_of');
  const [counts, target, portfolio, units] = await Promise.all([
    healthCounts(db, books, on, yearBefore(on)),
    savingsTarget(db, books),
    loanPortfolio(db, books, on),
    businessUnitsOf(db, books.cooperativeId),
  ]);
  const due = ratYearDue(on, counts.established_on ?? counts.first_joined, settings.ratDeadline);
  return healthScore(
    {
      asOf: on,
      membersNow: counts.members_now,
      membersYearAgo: counts.members_year_ago,
      targetedHouseholds: counts.targeted,
      targetedEnrolled: counts.enrolled,
      savingsOfActiveMembers: counts.savings,
      savingsTargetPerMember: target ?? 0n,
      parOutstanding: portfolio.outstanding,
      par30Amount: portfolio.par30.amount,
      ratYearDue: due,
      ratHeldOn: due === null ? null : await ratHeldOn(db, books, due),
      activeBusinessUnits: units.length,
      followupsDue: counts.followups_due,
      followupsClosed: counts.followups_closed,
    },
    settings,
  );
}

// Founding ------------------------------------------------------------------------------------------------------

export interface FoundingView extends FoundingProgress {
  id: number;
  village_code: string;
  name: string;
  status: 'open' | 'registered';
  cooperative_id: number | null;
}

export async function foundingView(db: Kysely<DB>, f: FoundingRow): Promise<FoundingView> {
  const steps = await foundingSteps(db, f);
  return {
    id: f.id,
    village_code: f.village_code,
    name: f.name,
    status: f.status,
    cooperative_id: f.cooperative_id,
    ...foundingProgress(steps),
  };
}

export async function requireFounding(db: Kysely<DB>, id: number): Promise<FoundingRow> {
  const f = await foundingById(db, id);
  if (!f)
    throw new NotFoundError(say(`founding ${id} not found`, `pendirian koperasi ${id} tidak ditemukan`));
  return f;
}

/** Opens a founding checklist for a village no cooperative (and no open founding) serves yet. */
export async function startFounding(tx: Tx, villageCode: string, name: string, by: string) {
  const served = await villageServed(tx.db, villageCode);
  if (served.level !== 4)
    throw new NotFoundError(
      say(`village ${villageCode} not found`, `desa/kelurahan ${villageCode} tidak ditemukan`),
    );
  if (served.coops > 0)
    conflict(
      `village ${villageCode} already has a cooperative`,
      `desa/kelurahan ${villageCode} sudah memiliki koperasi`,
      'already_served',
    );
  if (served.foundings > 0)
    conflict(
      `village ${villageCode} already has an open founding`,
      `desa/kelurahan ${villageCode} sudah memiliki proses pendirian yang berjalan`,
      'already_served',
    );
  const id = await insertFounding(tx, villageCode, text(name, 'name', 200), by);
  return foundingView(tx.db, (await foundingById(tx.db, id))!);
}

export async function recordFoundingStep(
  tx: Tx,
  f: FoundingRow,
  step: { step: string; doneOn: string; document: string; details: StepRecord['details'] },
  by: string,
): Promise<FoundingView> {
  if (f.status !== 'open')
    conflict(
      `founding ${f.id} is already registered as cooperative ${f.cooperative_id}`,
      `pendirian ${f.id} sudah terdaftar sebagai koperasi ${f.cooperative_id}`,
      'already_registered',
    );
  if (!isFoundingStep(step.step))
    refuse(`unknown step "${step.step}"`, `langkah "${step.step}" tidak dikenal`, 'invalid_input');
  const record: StepRecord = {
    step: step.step,
    doneOn: date(step.doneOn, 'done_on'),
    document: text(step.document, 'document', 500),
    details: step.details,
  };
  const done = await foundingSteps(tx.db, f);
  const why = stepRefusal(done, record);
  if (why) throw new ConflictError(why, 'step_refused');
  if (
    record.step === 'legal_entity' &&
    (await registrationTaken(tx.db, record.details.legal_entity_no!.trim()))
  )
    conflict(
      `legal-entity number ${record.details.legal_entity_no} is already registered`,
      `nomor badan hukum ${record.details.legal_entity_no} sudah terdaftar`,
      'registration_taken',
    );
  await insertFoundingStep(tx, f, record, by);
  return foundingView(tx.db, f);
}

/** With every step done: the cooperative enters the register (registration number = legal-entity number). */
export async function registerFounding(tx: Tx, f: FoundingRow): Promise<FoundingView> {
  if (f.status !== 'open')
    conflict(
      `founding ${f.id} is already registered as cooperative ${f.cooperative_id}`,
      `pendirian ${f.id} sudah terdaftar sebagai koperasi ${f.cooperative_id}`,
      'already_registered',
    );
  const steps = await foundingSteps(tx.db, f);
  const progress = foundingProgress(steps);
  if (!progress.ready)
    conflict(
      `founding ${f.id} still misses: ${progress.missing.join(', ')}`,
      `pendirian ${f.id} masih kurang: ${progress.missing.join(', ')}`,
      'checklist_incomplete',
    );
  const served = await villageServed(tx.db, f.village_code);
  const legal = steps.find((s) => s.step === 'legal_entity')!;
  const coopId = await registerFoundingRows(tx, f, {
    registrationNo: legal.details.legal_entity_no!.trim(),
    kind: served.kind === 'kelurahan' ? 'kelurahan' : 'desa',
    establishedOn: legal.doneOn,
  });
  return foundingView(tx.db, { ...f, status: 'registered', cooperative_id: coopId });
}

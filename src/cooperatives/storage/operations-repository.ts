/**
 * All SQL of cooperative operations outside the journal: mentoring sessions and follow-ups, the register (business
 * units, officers), member history, RAT dates, the facts of the health score, and founding checklists. Money comes
 * back as decimal text and becomes BigInt here.
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { SAVINGS_ACCOUNT } from '../ledger/chart.js';
import type { OfficerFact } from '../operations/register-checks.js';
import type { FoundingStep, StepRecord } from '../operations/founding.js';
import type { Books } from './ledger-repository.js';

export interface FollowupRow {
  id: number;
  session_id: number;
  action: string;
  due_on: string;
  closed_on: string | null;
  closed_by: string | null;
  closing_note: string | null;
}

export interface SessionRow {
  id: number;
  cooperative_id: number;
  held_on: string;
  mentor: string;
  topic: string;
  attendees: string[];
  findings: string;
  recorded_by: string;
  followups: FollowupRow[];
}

export async function insertSession(
  tx: Tx,
  books: Books,
  s: { heldOn: string; mentor: string; topic: string; attendees: string[]; findings: string },
  followups: readonly { action: string; dueOn: string }[],
  recordedBy: string,
): Promise<{ sessionId: number; followupIds: number[] }> {
  const session = await tx.db
    .insertInto('coop_mentoring_sessions')
    .values({
      province_code: books.provinceCode,
      cooperative_id: books.cooperativeId,
      held_on: s.heldOn,
      mentor: s.mentor,
      topic: s.topic,
      attendees: s.attendees,
      findings: s.findings,
      recorded_by: recordedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const f of followups) {
    const row = await tx.db
      .insertInto('coop_mentoring_followups')
      .values({
        province_code: books.provinceCode,
        session_id: session.id,
        cooperative_id: books.cooperativeId,
        action: f.action,
        due_on: f.dueOn,
        closed_on: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return { sessionId: session.id, followupIds: ids };
}

export async function sessionsOf(
  db: Kysely<DB>,
  books: Books,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<SessionRow[]> {
  let q = db
    .selectFrom('coop_mentoring_sessions')
    .select(['id', 'cooperative_id', 'held_on', 'mentor', 'topic', 'attendees', 'findings', 'recorded_by'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId);
  if (range.from !== undefined) q = q.where('held_on', '>=', range.from);
  if (range.to !== undefined) q = q.where('held_on', '<=', range.to);
  const sessions = await q.orderBy('held_on').orderBy('id').execute();
  const followups = await db
    .selectFrom('coop_mentoring_followups')
    .select(['id', 'session_id', 'action', 'due_on', 'closed_on', 'closed_by', 'closing_note'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .orderBy('id')
    .execute();
  return sessions.map((s) => ({ ...s, followups: followups.filter((f) => f.session_id === s.id) }));
}

export async function followupOf(db: Kysely<DB>, books: Books, followupId: number) {
  return db
    .selectFrom('coop_mentoring_followups as f')
    .innerJoin('coop_mentoring_sessions as s', (j) =>
      j.onRef('s.province_code', '=', 'f.province_code').onRef('s.id', '=', 'f.session_id'),
    )
    .select(['f.id', 'f.session_id', 'f.due_on', 'f.closed_on', 'f.closed_by', 'f.closing_note', 's.held_on'])
    .where('f.province_code', '=', books.provinceCode)
    .where('f.cooperative_id', '=', books.cooperativeId)
    .where('f.id', '=', followupId)
    .executeTakeFirst();
}

export async function closeFollowupRow(
  tx: Tx,
  books: Books,
  followupId: number,
  closedOn: string,
  note: string,
  by: string,
): Promise<void> {
  await tx.db
    .updateTable('coop_mentoring_followups')
    .set({ closed_on: closedOn, closed_by: by, closing_note: note })
    .where('province_code', '=', books.provinceCode)
    .where('id', '=', followupId)
    .where('closed_on', 'is', null)
    .execute();
}

export async function setBusinessUnitsRow(tx: Tx, cooperativeId: number, units: string[]): Promise<void> {
  await tx.db
    .updateTable('cooperatives')
    .set({ business_units: units, updated_at: new Date() })
    .where('id', '=', cooperativeId)
    .execute();
}

export async function businessUnitsOf(db: Kysely<DB>, cooperativeId: number): Promise<string[]> {
  const r = await db
    .selectFrom('cooperatives')
    .select('business_units')
    .where('id', '=', cooperativeId)
    .executeTakeFirstOrThrow();
  return r.business_units;
}

export interface OfficerRow extends OfficerFact {
  startDate: string | null;
  endDate: string | null;
}

/** Officers whose term covers `asOf` (no end date, or ending after it). */
export async function currentOfficers(
  db: Kysely<DB>,
  cooperativeId: number,
  asOf: string,
): Promise<OfficerRow[]> {
  const rows = await db
    .selectFrom('cooperative_officers')
    .select(['id', 'position', 'name', 'nik', 'kk', 'person_id', 'ex_officio', 'start_date', 'end_date'])
    .where('cooperative_id', '=', cooperativeId)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', asOf)]))
    .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', asOf)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    name: r.name,
    nik: r.nik,
    kk: r.kk,
    personId: r.person_id,
    exOfficio: r.ex_officio,
    startDate: r.start_date,
    endDate: r.end_date,
  }));
}

export async function insertOfficer(
  tx: Tx,
  cooperativeId: number,
  o: {
    position: string;
    name: string;
    nik: string | null;
    kk: string | null;
    exOfficio: boolean;
    startDate: string;
  },
): Promise<number> {
  const row = await tx.db
    .insertInto('cooperative_officers')
    .values({
      cooperative_id: cooperativeId,
      position: o.position,
      name: o.name,
      nik: o.nik,
      kk: o.kk,
      ex_officio: o.exOfficio,
      person_id: null,
      start_date: o.startDate,
      end_date: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function officerOf(db: Kysely<DB>, cooperativeId: number, officerId: number) {
  return db
    .selectFrom('cooperative_officers')
    .select(['id', 'start_date', 'end_date'])
    .where('cooperative_id', '=', cooperativeId)
    .where('id', '=', officerId)
    .executeTakeFirst();
}

export async function endOfficerRow(tx: Tx, officerId: number, endDate: string): Promise<void> {
  await tx.db
    .updateTable('cooperative_officers')
    .set({ end_date: endDate })
    .where('id', '=', officerId)
    .execute();
}

export async function insertMemberEvent(
  tx: Tx,
  books: Books,
  e: { memberId: number; kind: 'joined' | 'left'; date: string; entryId: number | null; details: object },
  by: string,
): Promise<number> {
  const row = await tx.db
    .insertInto('coop_member_events')
    .values({
      province_code: books.provinceCode,
      cooperative_id: books.cooperativeId,
      member_id: e.memberId,
      kind: e.kind,
      event_date: e.date,
      entry_id: e.entryId,
      details: JSON.stringify(e.details),
      recorded_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function memberEvents(db: Kysely<DB>, books: Books, memberId: number) {
  return db
    .selectFrom('coop_member_events')
    .select(['id', 'kind', 'event_date', 'entry_id', 'details', 'recorded_by'])
    .where('province_code', '=', books.provinceCode)
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();
}

/** The cooperative of a member, or undefined when there is no such member. */
export async function cooperativeOfMember(db: Kysely<DB>, memberId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('cooperative_members')
    .select('cooperative_id')
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row?.cooperative_id;
}

export async function markMemberLeft(tx: Tx, memberId: number, date: string): Promise<void> {
  await tx.db
    .updateTable('cooperative_members')
    .set({ status: 'left', left_on: date })
    .where('id', '=', memberId)
    .execute();
}

export async function upsertRat(
  tx: Tx,
  books: Books,
  bookYear: number,
  heldOn: string,
  by: string,
): Promise<void> {
  await tx.db
    .insertInto('coop_rat_meetings')
    .values({
      province_code: books.provinceCode,
      cooperative_id: books.cooperativeId,
      book_year: bookYear,
      held_on: heldOn,
      recorded_by: by,
    })
    .onConflict((oc) =>
      oc
        .columns(['province_code', 'cooperative_id', 'book_year'])
        .doUpdateSet({ held_on: heldOn, recorded_by: by, recorded_at: new Date() }),
    )
    .execute();
}

/** The integer facts behind the health score (everything but the PAR, which the portfolio computes). */
export async function healthCounts(db: Kysely<DB>, books: Books, asOf: string, yearAgo: string) {
  const r = await sql<{
    members_now: number;
    members_year_ago: number;
    targeted: number;
    enrolled: number;
    savings: string;
    followups_due: number;
    followups_closed: number;
    established_on: string | null;
    first_joined: string | null;
  }>`
    WITH active AS (
      SELECT m.id, coalesce(m.household_id, e.household_id) AS household_id
        FROM cooperative_members m LEFT JOIN pilot_enrolments e ON e.id = m.enrolment_id
       WHERE m.cooperative_id = ${books.cooperativeId}
         AND (m.joined_on IS NULL OR m.joined_on <= ${asOf}::date)
         AND (m.left_on IS NULL OR m.left_on > ${asOf}::date)),
    targeted AS (
      SELECT DISTINCT d.household_id FROM policy_decisions d
       WHERE d.cooperative_id = ${books.cooperativeId} AND d.superseded_by IS NULL AND d.effective <= ${asOf}::date)
    SELECT
      (SELECT count(*)::int FROM active) AS members_now,
      (SELECT count(*)::int FROM cooperative_members m WHERE m.cooperative_id = ${books.cooperativeId}
          AND (m.joined_on IS NULL OR m.joined_on <= ${yearAgo}::date)
          AND (m.left_on IS NULL OR m.left_on > ${yearAgo}::date)) AS members_year_ago,
      (SELECT count(*)::int FROM targeted) AS targeted,
      (SELECT count(*)::int FROM targeted t WHERE t.household_id IN (SELECT household_id FROM active)) AS enrolled,
      (SELECT coalesce(sum(l.credit - l.debit), 0)::text
         FROM coop_journal_entries je
         JOIN coop_journal_lines l ON l.province_code = je.province_code AND l.entry_id = je.id
        WHERE je.province_code = ${books.provinceCode} AND je.cooperative_id = ${books.cooperativeId}
          AND je.entry_date <= ${asOf}::date
          AND l.account_code IN (${SAVINGS_ACCOUNT.pokok}, ${SAVINGS_ACCOUNT.wajib}, ${SAVINGS_ACCOUNT.sukarela})
          AND l.member_id IN (SELECT id FROM active)) AS savings,
      (SELECT count(*)::int FROM coop_mentoring_followups f
        WHERE f.province_code = ${books.provinceCode} AND f.cooperative_id = ${books.cooperativeId}
          AND f.due_on <= ${asOf}::date) AS followups_due,
      (SELECT count(*)::int FROM coop_mentoring_followups f
        WHERE f.province_code = ${books.provinceCode} AND f.cooperative_id = ${books.cooperativeId}
          AND f.due_on <= ${asOf}::date AND f.closed_on <= ${asOf}::date) AS followups_closed,
      (SELECT established_on FROM cooperatives WHERE id = ${books.cooperativeId}) AS established_on,
      (SELECT min(joined_on) FROM cooperative_members WHERE cooperative_id = ${books.cooperativeId}) AS first_joined`.execute(
    db,
  );
  const row = r.rows[0]!;
  return { ...row, savings: BigInt(row.savings) };
}

export async function ratHeldOn(db: Kysely<DB>, books: Books, bookYear: number): Promise<string | null> {
  const r = await db
    .selectFrom('coop_rat_meetings')
    .select('held_on')
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('book_year', '=', bookYear)
    .executeTakeFirst();
  return r?.held_on ?? null;
}

export async function savingsTarget(db: Kysely<DB>, books: Books): Promise<bigint | null> {
  const r = await sql<{ t: string }>`
    SELECT (pokok_amount + 12 * wajib_amount)::text AS t FROM coop_savings_config
     WHERE province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId}`.execute(db);
  return r.rows[0] ? BigInt(r.rows[0].t) : null;
}

// Founding ------------------------------------------------------------------------------------------------------

export interface FoundingRow {
  id: number;
  province_code: string;
  village_code: string;
  name: string;
  status: 'open' | 'registered';
  cooperative_id: number | null;
  created_by: string;
}

export async function insertFounding(tx: Tx, villageCode: string, name: string, by: string): Promise<number> {
  const r = await tx.db
    .insertInto('coop_foundings')
    .values({ province_code: villageCode.slice(0, 2), village_code: villageCode, name, created_by: by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function foundingById(db: Kysely<DB>, id: number): Promise<FoundingRow | undefined> {
  return db
    .selectFrom('coop_foundings')
    .select(['id', 'province_code', 'village_code', 'name', 'status', 'cooperative_id', 'created_by'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function foundingSteps(db: Kysely<DB>, f: FoundingRow): Promise<StepRecord[]> {
  const rows = await db
    .selectFrom('coop_founding_steps')
    .select(['step', 'done_on', 'document', 'details'])
    .where('province_code', '=', f.province_code)
    .where('founding_id', '=', f.id)
    .execute();
  return rows.map((r) => ({
    step: r.step as FoundingStep,
    doneOn: r.done_on,
    document: r.document,
    details: r.details ?? {},
  }));
}

export async function insertFoundingStep(tx: Tx, f: FoundingRow, s: StepRecord, by: string): Promise<void> {
  await tx.db
    .insertInto('coop_founding_steps')
    .values({
      province_code: f.province_code,
      founding_id: f.id,
      step: s.step,
      done_on: s.doneOn,
      document: s.document,
      details: JSON.stringify(s.details),
      recorded_by: by,
    })
    .execute();
}

/** Cooperatives (not inactive) and open foundings already serving a village. */
export async function villageServed(db: Kysely<DB>, villageCode: string) {
  const r = await sql<{ coops: number; foundings: number; kind: string | null; level: number | null }>`
    SELECT (SELECT count(*)::int FROM cooperatives WHERE village_code = ${villageCode} AND status <> 'inactive') AS coops,
           (SELECT count(*)::int FROM coop_foundings WHERE province_code = ${villageCode.slice(0, 2)}
               AND village_code = ${villageCode} AND status = 'open') AS foundings,
           (SELECT kind FROM regions WHERE code = ${villageCode}) AS kind,
           (SELECT level FROM regions WHERE code = ${villageCode})::int AS level`.execute(db);
  return r.rows[0]!;
}

export async function registerFoundingRows(
  tx: Tx,
  f: FoundingRow,
  c: { registrationNo: string; kind: 'desa' | 'kelurahan'; establishedOn: string },
): Promise<number> {
  const coop = await tx.db
    .insertInto('cooperatives')
    .values({
      registration_no: c.registrationNo,
      name: f.name,
      village_code: f.village_code,
      kind: c.kind,
      status: 'registered',
      established_on: c.establishedOn,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.db
    .updateTable('coop_foundings')
    .set({ status: 'registered', cooperative_id: coop.id })
    .where('province_code', '=', f.province_code)
    .where('id', '=', f.id)
    .execute();
  return coop.id;
}

export async function registrationTaken(db: Kysely<DB>, registrationNo: string): Promise<boolean> {
  const r = await db
    .selectFrom('cooperatives')
    .select('id')
    .where('registration_no', '=', registrationNo)
    .executeTakeFirst();
  return r !== undefined;
}

// Reports ---------------------------------------------------------------------------------------------------------

export async function memberRegister(db: Kysely<DB>, books: Books) {
  return db
    .selectFrom('cooperative_members')
    .select(['id', 'member_no', 'name', 'joined_on', 'left_on', 'status'])
    .where('cooperative_id', '=', books.cooperativeId)
    .orderBy('id')
    .execute();
}

export async function cooperativeHeader(db: Kysely<DB>, cooperativeId: number) {
  return db
    .selectFrom('cooperatives')
    .select(['name', 'registration_no'])
    .where('id', '=', cooperativeId)
    .executeTakeFirstOrThrow();
}

/** Facilitators' visits to enrolled households (date, outcome, next visit), append-only and audited. */
import { auditChange, type AuditActor } from '../../audit/access-audit.js';
import type { Tx } from '../../db/database.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';
import { isCivilDate } from '../../shared/civil-date.js';

export const VISIT_OUTCOMES = ['met', 'not_home', 'moved', 'refused', 'rescheduled'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];

export interface VisitInput {
  enrolmentId: number;
  visitedOn: string;
  outcome: VisitOutcome;
  nextVisitOn?: string | null | undefined;
  note?: string | null | undefined;
}

export interface VisitRecord {
  id: number;
  enrolment_id: number;
  visited_on: string;
  outcome: VisitOutcome;
  next_visit_on: string | null;
  facilitator: string;
  note: string | null;
  recorded_at: Date;
}

export async function recordVisit(tx: Tx, input: VisitInput, who: AuditActor): Promise<VisitRecord> {
  for (const [field, value] of [
    ['visited_on', input.visitedOn],
    ['next_visit_on', input.nextVisitOn ?? null],
  ] as const) {
    if (value !== null && !isCivilDate(value))
      throw new UserError(
        say(
          `${field}: expected YYYY-MM-DD, got "${value}"`,
          `${field}: gunakan YYYY-MM-DD, bukan "${value}"`,
        ),
      );
  }
  if (input.nextVisitOn && input.nextVisitOn < input.visitedOn)
    throw new UserError(say('next_visit_on is before visited_on', 'next_visit_on sebelum visited_on'));
  if (input.visitedOn > new Date().toISOString().slice(0, 10))
    throw new UserError(say('visited_on is in the future', 'visited_on berada di masa depan'));
  const e = await tx.db
    .selectFrom('pilot_enrolments')
    .select(['id', 'province_code', 'village_code', 'state'])
    .where('id', '=', input.enrolmentId)
    .executeTakeFirst();
  if (!e)
    throw new NotFoundError(
      say(`enrolment ${input.enrolmentId} not found`, `pendaftaran ${input.enrolmentId} tidak ditemukan`),
    );
  if (e.state === 'withdrawn')
    throw new UserError(
      say(
        'the person withdrew consent: no further visits are logged',
        'orang ini menarik persetujuan: kunjungan berikutnya tidak dicatat',
      ),
      'withdrawn',
    );
  const row = await tx.db
    .insertInto('pilot_visits')
    .values({
      enrolment_id: e.id,
      province_code: e.province_code,
      visited_on: input.visitedOn,
      outcome: input.outcome,
      next_visit_on: input.nextVisitOn ?? null,
      facilitator: who.username,
      note: input.note ?? null,
    })
    .returning([
      'id',
      'enrolment_id',
      'visited_on',
      'outcome',
      'next_visit_on',
      'facilitator',
      'note',
      'recorded_at',
    ])
    .executeTakeFirstOrThrow();
  await auditChange(tx, who, {
    action: 'enrolment.visit',
    subjectType: 'enrolment',
    subjectId: e.id,
    regionCode: e.village_code,
    details: { visit_id: row.id, outcome: input.outcome },
  });
  return row;
}

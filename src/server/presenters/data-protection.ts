import { Type, type Static } from 'typebox';
import type { BreachRecord } from '../../access/breach-access.js';
import type { DsrAccess, DsrRecord } from '../../access/dsr-access.js';
import type { Page } from '../../access/pagination.js';
import { deadlineState } from '../../privacy/deadlines.js';
import { Nullable, pageOf } from '../schemas.js';

const DateTime = Type.String({ format: 'date-time' });

export const DsrSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  person_id: Nullable(Type.Integer()),
  region_code: Type.String(),
  requester_name: Type.String(),
  channel: Type.String(),
  details: Nullable(Type.String()),
  status: Type.String(),
  legal_hold: Type.Boolean(),
  resolution: Nullable(Type.String()),
  consent_purpose: Nullable(
    Type.String({ description: 'withdraw_consent: the purpose withdrawn, or "all"' }),
  ),
  received_at: DateTime,
  due_at: DateTime,
  resolved_at: Nullable(DateTime),
  overdue: Type.Boolean(),
  hours_left: Nullable(Type.Integer()),
});
export const DsrPageSchema = pageOf(DsrSchema);

export const BreachSchema = Type.Object({
  id: Type.Integer(),
  discovered_at: DateTime,
  description: Type.String(),
  data_categories: Type.Array(Type.String()),
  subjects_affected: Nullable(Type.Integer()),
  notify_due_at: DateTime,
  notified_at: Nullable(DateTime),
  overdue: Type.Boolean(),
  hours_left: Nullable(Type.Integer()),
});

export function presentDsr(r: DsrRecord, now = new Date()) {
  return {
    id: r.id,
    kind: r.kind,
    person_id: r.person_id,
    region_code: r.region_code,
    requester_name: r.requester_name,
    channel: r.channel,
    details: r.details,
    status: r.status,
    legal_hold: r.legal_hold,
    resolution: r.resolution,
    consent_purpose: r.consent_purpose,
    received_at: r.received_at.toISOString(),
    due_at: r.due_at.toISOString(),
    resolved_at: r.resolved_at?.toISOString() ?? null,
    ...deadlineState(r.due_at, r.resolved_at, now),
  };
}

export function presentDsrPage(page: Page<DsrRecord>) {
  const now = new Date();
  return { items: page.items.map((r) => presentDsr(r, now)), next_cursor: page.nextCursor };
}

export function presentBreach(b: BreachRecord, now = new Date()) {
  return {
    id: b.id,
    discovered_at: b.discovered_at.toISOString(),
    description: b.description,
    data_categories: b.data_categories,
    subjects_affected: b.subjects_affected,
    notify_due_at: b.notify_due_at.toISOString(),
    notified_at: b.notified_at?.toISOString() ?? null,
    ...deadlineState(b.notify_due_at, b.notified_at, now),
  };
}

const DateText = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** Everything held about the person of an access request (UU 27/2022 art. 7), identifiers in full. */
export const DsrExportSchema = Type.Object({
  request_id: Type.Integer(),
  person: Nullable(
    Type.Object({
      id: Type.Integer(),
      nik: Nullable(Type.String()),
      name: Type.String(),
      sex: Nullable(Type.Union([Type.Literal('L'), Type.Literal('P')])),
      birth_date: Nullable(DateText),
      relation: Nullable(Type.Integer({ description: 'DTSEN relation to the head (1 = head)' })),
      disability: Type.Boolean(),
      occupation: Nullable(Type.String()),
      education: Nullable(Type.String()),
      marital_status: Nullable(Type.String()),
      kk: Nullable(Type.String({ description: 'No. KK of the household' })),
      village_code: Nullable(Type.String()),
      address: Nullable(Type.String()),
      decile: Nullable(Type.Integer({ description: 'DTSEN decile 1–10' })),
    }),
  ),
  enrolments: Type.Array(
    Type.Object({
      program_code: Type.String(),
      period: Type.String(),
      amount: Nullable(Type.Integer({ description: 'rupiah' })),
    }),
  ),
  cooperative_memberships: Type.Array(
    Type.Object({
      cooperative: Type.String(),
      member_no: Nullable(Type.String()),
      joined_on: Nullable(DateText),
      left_on: Nullable(DateText),
      savings_paid: Type.Integer({ description: 'rupiah' }),
    }),
  ),
});

export function presentDsrExport(
  e: Awaited<ReturnType<DsrAccess['export']>>,
): Static<typeof DsrExportSchema> {
  const p = e.person;
  return {
    request_id: e.request_id,
    person: p
      ? {
          id: p.id,
          nik: p.nik,
          name: p.name,
          sex: p.sex,
          birth_date: p.birth_date,
          relation: p.relation,
          disability: p.disability,
          occupation: p.occupation,
          education: p.education,
          marital_status: p.marital_status,
          kk: p.kk,
          village_code: p.village_code,
          address: p.address,
          decile: p.decile,
        }
      : null,
    enrolments: e.enrolments.map((r) => ({
      program_code: r.program_code,
      period: r.period,
      amount: r.amount,
    })),
    cooperative_memberships: e.cooperative_memberships.map((m) => ({
      cooperative: m.cooperative,
      member_no: m.member_no,
      joined_on: m.joined_on,
      left_on: m.left_on,
      savings_paid: m.savings_paid,
    })),
  };
}

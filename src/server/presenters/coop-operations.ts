import { Type } from 'typebox';
import type { HealthScore } from '../../cooperatives/operations/health-score.js';
import type { ExitResult, FoundingView, RegisterCheck } from '../../cooperatives/operations-service.js';
import type { SessionRow } from '../../cooperatives/storage/operations-repository.js';
import type { Page } from '../../access/pagination.js';
import { Nullable, pageOf } from '../schemas.js';
import { rupiahOut } from './coop-ledger.js';

const Bilingual = Type.Object({ en: Type.String(), id: Type.String() });

const FollowupSchema = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  due_on: Type.String(),
  closed_on: Nullable(Type.String()),
  closed_by: Nullable(Type.String()),
  closing_note: Nullable(Type.String()),
});

export const MentoringSessionsSchema = Type.Object({
  cooperative_id: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      held_on: Type.String(),
      mentor: Type.String(),
      topic: Type.String(),
      attendees: Type.Array(Type.String()),
      findings: Type.String(),
      recorded_by: Type.String(),
      followups: Type.Array(FollowupSchema),
    }),
  ),
  open_followups: Type.Integer(),
});

export function presentSessions(cooperativeId: number, rows: SessionRow[]) {
  return {
    cooperative_id: cooperativeId,
    items: rows.map((s) => ({
      id: s.id,
      held_on: s.held_on,
      mentor: s.mentor,
      topic: s.topic,
      attendees: s.attendees,
      findings: s.findings,
      recorded_by: s.recorded_by,
      followups: s.followups.map((f) => ({
        id: f.id,
        action: f.action,
        due_on: f.due_on,
        closed_on: f.closed_on,
        closed_by: f.closed_by,
        closing_note: f.closing_note,
      })),
    })),
    open_followups: rows.reduce((n, s) => n + s.followups.filter((f) => f.closed_on === null).length, 0),
  };
}

export const SessionCreatedSchema = Type.Object({
  session_id: Type.Integer(),
  followup_ids: Type.Array(Type.Integer()),
});
export const presentSessionCreated = (r: { sessionId: number; followupIds: number[] }) => ({
  session_id: r.sessionId,
  followup_ids: r.followupIds,
});

export const FollowupClosedSchema = Type.Object({ followup_id: Type.Integer(), closed_on: Type.String() });
export const presentFollowupClosed = (r: { followupId: number; closedOn: string }) => ({
  followup_id: r.followupId,
  closed_on: r.closedOn,
});

export const RegisterCheckSchema = Type.Object({
  cooperative_id: Type.Integer(),
  as_of: Type.String(),
  business_units: Type.Object({ standard: Type.Array(Type.String()), custom: Type.Array(Type.String()) }),
  officers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      position: Type.String(),
      name: Type.String(),
      ex_officio: Type.Boolean(),
      start_date: Nullable(Type.String()),
    }),
  ),
  findings: Type.Array(
    Type.Object({
      rule: Type.String(),
      severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
      officer_ids: Type.Array(Type.Integer()),
      message: Bilingual,
    }),
  ),
  in_order: Type.Boolean({ description: 'no finding of severity error' }),
});

/** Officers without NIK or No. KK: the check says who shares a card, never the number. */
export function presentRegisterCheck(r: RegisterCheck) {
  return {
    cooperative_id: r.cooperative_id,
    as_of: r.as_of,
    business_units: r.business_units,
    officers: r.officers.map((o) => ({
      id: o.id,
      position: o.position,
      name: o.name,
      ex_officio: o.exOfficio,
      start_date: o.startDate,
    })),
    findings: r.findings,
    in_order: r.in_order,
  };
}

export const BusinessUnitsSchema = Type.Object({ units: Type.Array(Type.String()) });
export const OfficerCreatedSchema = Type.Object({ officer_id: Type.Integer() });
export const OfficerEndedSchema = Type.Object({ officer_id: Type.Integer(), end_date: Type.String() });
export const RatSchema = Type.Object({ book_year: Type.Integer(), held_on: Type.String() });

export const HealthSchema = Type.Object({
  cooperative_id: Type.Integer(),
  as_of: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  components: Type.Array(
    Type.Object({
      key: Type.String(),
      weight: Type.Integer(),
      applicable: Type.Boolean(),
      permille: Type.Integer({ minimum: 0, maximum: 1000 }),
      inputs: Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String(), Type.Null()])),
    }),
  ),
});

export function presentHealth(cooperativeId: number, h: HealthScore) {
  return {
    cooperative_id: cooperativeId,
    as_of: h.as_of,
    score: h.score,
    components: h.components.map((c) => ({
      ...c,
      inputs: Object.fromEntries(
        Object.entries(c.inputs).map(([k, v]) => [k, typeof v === 'bigint' ? rupiahOut(v) : v]),
      ),
    })),
  };
}

export const ExitSchema = Type.Object({
  member_id: Type.Integer(),
  event_id: Type.Integer(),
  entry_id: Nullable(Type.Integer({ description: 'the refund entry; null when nothing was saved' })),
  left_on: Type.String(),
  refund: Type.Object({
    pokok: Type.Integer(),
    wajib: Type.Integer(),
    sukarela: Type.Integer(),
    total: Type.Integer({ description: 'whole rupiah paid back' }),
  }),
  idempotency_key: Type.String(),
  replayed: Type.Boolean(),
});

export function presentExit(r: ExitResult) {
  return {
    member_id: r.memberId,
    event_id: r.eventId,
    entry_id: r.entryId,
    left_on: r.leftOn,
    refund: {
      pokok: rupiahOut(r.refund.pokok),
      wajib: rupiahOut(r.refund.wajib),
      sukarela: rupiahOut(r.refund.sukarela),
      total: rupiahOut(r.refund.total),
    },
    idempotency_key: r.idempotencyKey,
    replayed: r.replayed,
  };
}

export const MemberHistorySchema = Type.Object({
  cooperative_id: Type.Integer(),
  member: Type.Object({
    id: Type.Integer(),
    member_no: Nullable(Type.String()),
    joined_on: Nullable(Type.String()),
    left_on: Nullable(Type.String()),
    status: Type.String(),
  }),
  events: Type.Array(
    Type.Object({
      id: Type.Integer(),
      kind: Type.String(),
      event_date: Type.String(),
      entry_id: Nullable(Type.Integer()),
      refund_total: Type.Integer(),
      recorded_by: Type.String(),
    }),
  ),
});

export function presentMemberHistory(h: {
  cooperative_id: number;
  member: {
    id: number;
    member_no: string | null;
    joined_on: string | null;
    left_on: string | null;
    status: string;
  };
  events: {
    id: number;
    kind: string;
    event_date: string;
    entry_id: number | null;
    details: unknown;
    recorded_by: string;
  }[];
}) {
  return {
    cooperative_id: h.cooperative_id,
    member: h.member,
    events: h.events.map((e) => {
      const refund = (e.details as { refund?: Record<string, string> } | null)?.refund ?? {};
      const total = Object.values(refund).reduce((s, v) => s + BigInt(v), 0n);
      return {
        id: e.id,
        kind: e.kind,
        event_date: e.event_date,
        entry_id: e.entry_id,
        refund_total: rupiahOut(total),
        recorded_by: e.recorded_by,
      };
    }),
  };
}

export const FoundingSchema = Type.Object({
  id: Type.Integer(),
  village_code: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('registered')]),
  cooperative_id: Nullable(Type.Integer()),
  steps: Type.Array(
    Type.Object({
      step: Type.String(),
      done: Type.Boolean(),
      done_on: Nullable(Type.String()),
      document: Nullable(Type.String()),
      details: Nullable(
        Type.Object(
          {
            founders: Type.Optional(Type.Integer()),
            legal_entity_no: Type.Optional(Type.String()),
            bank: Type.Optional(Type.String()),
            account_no: Type.Optional(Type.String()),
          },
          {
            description: 'what the step recorded beside its document (founders, legal entity, bank account)',
          },
        ),
      ),
    }),
  ),
  missing: Type.Array(Type.String()),
  ready: Type.Boolean({ description: 'every step done: the cooperative can be registered' }),
});
export const FoundingPageSchema = pageOf(FoundingSchema);

export const presentFounding = (f: FoundingView) => ({
  id: f.id,
  village_code: f.village_code,
  name: f.name,
  status: f.status,
  cooperative_id: f.cooperative_id,
  steps: f.steps.map((s) => ({
    step: s.step,
    done: s.done,
    done_on: s.done_on,
    document: s.document,
    details: s.details === null ? null : { ...s.details },
  })),
  missing: f.missing,
  ready: f.ready,
});
export const presentFoundingPage = (p: Page<FoundingView>) => ({
  items: p.items.map(presentFounding),
  next_cursor: p.nextCursor,
});

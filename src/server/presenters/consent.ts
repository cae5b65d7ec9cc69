import { Type } from 'typebox';
import type { Page } from '../../access/pagination.js';
import type { ConsentRecord, HouseholdConsent } from '../../consent/consent-service.js';
import { Nullable, pageOf } from '../schemas.js';

const DateTime = Type.String({ format: 'date-time' });

export const ConsentRecordSchema = Type.Object({
  id: Type.Integer(),
  household_id: Type.Integer(),
  person_id: Nullable(Type.Integer({ description: 'null: the household as a unit (KK holder)' })),
  purpose: Type.String(),
  status: Type.Union([Type.Literal('given'), Type.Literal('withdrawn')]),
  method: Type.String(),
  evidence_ref: Nullable(Type.String()),
  decided_at: DateTime,
  recorded_at: DateTime,
  recorded_by: Type.String(),
  request_id: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
});

export const HouseholdConsentSchema = Type.Object({
  purpose: Type.String(),
  has_consent: Type.Boolean({
    description: 'someone gave consent and no member’s current decision is a withdrawal',
  }),
  current: Type.Array(ConsentRecordSchema, { description: 'latest decision of each subject' }),
});

export const ConsentPageSchema = pageOf(ConsentRecordSchema);

export function presentConsent(r: ConsentRecord) {
  return {
    id: r.id,
    household_id: r.household_id,
    person_id: r.person_id,
    purpose: r.purpose,
    status: r.status,
    method: r.method,
    evidence_ref: r.evidence_ref,
    decided_at: r.decided_at.toISOString(),
    recorded_at: r.recorded_at.toISOString(),
    recorded_by: r.recorded_by,
    request_id: r.request_id,
    note: r.note,
  };
}

export function presentHouseholdConsent(c: HouseholdConsent) {
  return { purpose: c.purpose, has_consent: c.has_consent, current: c.current.map(presentConsent) };
}

export function presentConsentPage(page: Page<ConsentRecord>) {
  return { items: page.items.map(presentConsent), next_cursor: page.nextCursor };
}

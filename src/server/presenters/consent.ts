import { Type } from 'typebox';
import type { Page } from '../../access/pagination.js';
import { presentConsent } from '../../consent/consent-presenter.js';
import type { ConsentRecord } from '../../consent/consent-service.js';
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
  guardian_name: Nullable(
    Type.String({ description: 'the parent or guardian who decided for the person (required under 18)' }),
  ),
  guardian_relation: Nullable(
    Type.String({ description: 'their relation to the person, e.g. ibu, ayah, wali' }),
  ),
});

export const HouseholdConsentSchema = Type.Object({
  purpose: Type.String(),
  has_consent: Type.Boolean({
    description: 'someone gave consent and no member’s current decision is a withdrawal',
  }),
  current: Type.Array(ConsentRecordSchema, { description: 'latest decision of each subject' }),
});

export const ConsentPageSchema = pageOf(ConsentRecordSchema);

export function presentConsentPage(page: Page<ConsentRecord>) {
  return { items: page.items.map(presentConsent), next_cursor: page.nextCursor };
}

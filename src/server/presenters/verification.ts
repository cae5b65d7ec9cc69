import { Type } from 'typebox';
import type { Page } from '../../access/pagination.js';
import type { ProposalRecord } from '../../pilots/verification/verification-service.js';
import { Nullable, pageOf } from '../schemas.js';

const DateTime = Type.String({ format: 'date-time' });
const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);

export const VerificationProposalSchema = Type.Object({
  id: Type.Integer(),
  village_code: Type.String(),
  household_id: Type.Integer(),
  person_id: Nullable(Type.Integer()),
  kind: Type.String({ description: 'moved | deceased | new_member | disability | decile_wrong' }),
  proposed: Type.Record(Type.String(), Value, { description: 'the corrected values (NIK masked)' }),
  current_values: Type.Record(Type.String(), Value, { description: 'what the base said when proposed' }),
  evidence: Type.String(),
  documents: Type.Array(Type.String(), { description: 'document/photo references' }),
  status: Type.String({ description: 'proposed | accepted | rejected' }),
  proposed_by: Type.String(),
  proposed_at: DateTime,
  reviewed_by: Nullable(Type.String()),
  reviewed_at: Nullable(DateTime),
  review_reason: Nullable(Type.String()),
  deliberation_ref: Nullable(Type.String({ description: 'berita acara of the village deliberation' })),
  batch_id: Nullable(Type.Integer({ description: 'accepted: the source batch carrying the change' })),
});
export const VerificationProposalPageSchema = pageOf(VerificationProposalSchema);

type Scalar = string | number | boolean | null;

/** A proposal as the API shows it (the access layer has masked a proposed NIK unless the caller may see it). */
export function presentVerificationProposal(p: ProposalRecord) {
  return {
    id: p.id,
    village_code: p.village_code,
    household_id: p.household_id,
    person_id: p.person_id,
    kind: p.kind,
    proposed: p.proposed as Record<string, Scalar>,
    current_values: p.current_values as Record<string, Scalar>,
    evidence: p.evidence,
    documents: p.documents,
    status: p.status,
    proposed_by: p.proposed_by,
    proposed_at: p.proposed_at.toISOString(),
    reviewed_by: p.reviewed_by,
    reviewed_at: iso(p.reviewed_at),
    review_reason: p.review_reason,
    deliberation_ref: p.deliberation_ref,
    batch_id: p.batch_id,
  };
}

export const presentVerificationProposalPage = (page: Page<ProposalRecord>) => ({
  items: page.items.map(presentVerificationProposal),
  next_cursor: page.nextCursor,
});

import { Type } from 'typebox';
import type { AuditRecord } from '../../access/audit-access.js';
import type { Page } from '../../access/pagination.js';
import { Nullable, pageOf } from '../schemas.js';

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  subject_type: Nullable(Type.String()),
  subject_id: Nullable(Type.String()),
  region_code: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  origin: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export const AuditPageSchema = pageOf(AuditEntrySchema);

export function presentAuditPage(page: Page<AuditRecord>) {
  return {
    items: page.items.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor,
      action: e.action,
      subject_type: e.subject_type,
      subject_id: e.subject_id,
      region_code: e.region_code,
      purpose: e.purpose,
      origin: e.origin,
      details: e.details,
      hash: e.hash,
    })),
    next_cursor: page.nextCursor,
  };
}

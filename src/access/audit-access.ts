import { verifyAuditChain, type AuditVerification } from '../audit/audit-log.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, type Page, type PageRequest, encodeCursor } from './pagination.js';
import { regionCondition } from './region-scope.js';

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  region_code: string | null;
  purpose: string | null;
  origin: string | null;
  details: Record<string, unknown>;
  hash: string;
}

/**
 * The audit log, newest first. Region-scoped auditors see entries about their regions only; verifying the
 * chain needs the whole log, so it is for nationally-scoped auditors.
 */
export class AuditAccess {
  constructor(private readonly ctx: AccessContext) {}

  async list(
    filter: PageRequest & { actor?: string | undefined; action?: string | undefined },
  ): Promise<Page<AuditRecord>> {
    this.ctx.require('audit:read');
    const limit = pageLimit(filter.limit);
    const before = decodeCursor(filter.cursor);
    const scope = this.ctx.principal.scope;
    let query = this.ctx.db
      .selectFrom('audit_log')
      .select([
        'id',
        'at',
        'actor',
        'action',
        'subject_type',
        'subject_id',
        'region_code',
        'purpose',
        'origin',
        'details',
        'hash',
      ])
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (before > 0) query = query.where('id', '<', before);
    if (scope.kind === 'regions') query = query.where(regionCondition('region_code', scope.codes));
    if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
    if (filter.action !== undefined) query = query.where('action', '=', filter.action);
    const rows = await query.execute();
    const items = rows.slice(0, limit);
    // Entries name who looked at whom: reading them is itself audited (written after the page is read, so a page
    // never contains its own entry).
    await this.ctx.audit({
      action: 'audit.list',
      subjectType: 'audit_log',
      identifiersRevealed: false,
      details: {
        returned: items.length,
        ...(filter.actor !== undefined ? { actor: filter.actor } : {}),
        ...(filter.action !== undefined ? { action: filter.action } : {}),
      },
    });
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  async verify(): Promise<AuditVerification> {
    this.ctx.require('audit:read');
    if (this.ctx.principal.scope.kind !== 'national') {
      return {
        ok: false,
        entries: 0,
        checkpoints: 0,
        unsigned_entries: 0,
        first_broken: { id: 0, reason: 'verification needs national scope' },
      };
    }
    return verifyAuditChain(this.ctx.db);
  }
}

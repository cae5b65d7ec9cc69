import { shownIdentifier } from '../privacy/pii.js';
import { isWithinRegion } from '../regions/region-code.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import {
  acceptedProposals,
  proposalRecord,
  proposalRecords,
  proposeCorrection,
  reviewProposal,
  type ProposalRecord,
  type ProposeInput,
  type ReviewInput,
} from '../pilots/verification/verification-service.js';
import {
  isVerificationKind,
  VERIFICATION_STATUSES,
  type VerificationStatus,
} from '../pilots/verification/proposal-rules.js';
import type { AcceptedProposal } from '../pilots/verification/dtsen-update.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, householdRegionCondition, regionInScope } from './region-scope.js';

export interface ProposalFilter extends PageRequest {
  status?: string | undefined;
  kind?: string | undefined;
  region?: string | undefined;
}

/** The villages a pendamping is currently assigned to, inside their region scope. */
export async function facilitatorVillages(ctx: AccessContext): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('facilitator_villages')
    .select('village_code')
    .where('user_id', '=', ctx.principal.userId)
    .where('ended_at', 'is', null)
    .execute();
  return rows.map((r) => r.village_code).filter((v) => regionInScope(v, ctx.principal.scope));
}

/**
 * Field-verification proposals. A pendamping proposes and sees only the villages assigned to them; region officers
 * see their regions; reviewing needs verification:review (which the pendamping lacks) and is never one's own
 * proposal. Out of scope is 404, as for an absent proposal.
 */
export class VerificationAccess {
  constructor(private readonly ctx: AccessContext) {}

  /** The regions (villages for a pendamping) this principal sees, narrowed to a request; null: everything. */
  private async visibleRegions(requested?: string): Promise<string[] | null> {
    if (this.ctx.principal.role === 'pendamping')
      return (await facilitatorVillages(this.ctx)).filter(
        (v) => requested === undefined || isWithinRegion(v, requested),
      );
    return effectiveRegions(this.ctx.principal.scope, requested);
  }

  private async inScope(villageCode: string): Promise<boolean> {
    const regions = await this.visibleRegions();
    return regions === null || regions.some((r) => isWithinRegion(villageCode, r));
  }

  private async visible(id: number): Promise<ProposalRecord> {
    const record = await proposalRecord(this.ctx.database, id);
    if (!record || !(await this.inScope(record.village_code)))
      throw new NotFoundError(
        say(`verification proposal ${id} not found`, `usulan verifikasi ${id} tidak ditemukan`),
      );
    return record;
  }

  /** A proposed NIK (new member) shows only to a caller who may see identifiers. */
  private masked(record: ProposalRecord): ProposalRecord {
    const nik = record.proposed.nik;
    if (this.ctx.reveal || typeof nik !== 'string') return record;
    return { ...record, proposed: { ...record.proposed, nik: shownIdentifier(nik, false) } };
  }

  async list(filter: ProposalFilter): Promise<Page<ProposalRecord>> {
    this.ctx.require('verification:read');
    if (filter.status !== undefined && !(VERIFICATION_STATUSES as readonly string[]).includes(filter.status))
      throw new UserError(
        say(`unknown status "${filter.status}"`, `status "${filter.status}" tidak dikenal`),
        'invalid_status',
      );
    if (filter.kind !== undefined && !isVerificationKind(filter.kind))
      throw new UserError(
        say(`unknown kind "${filter.kind}"`, `jenis "${filter.kind}" tidak dikenal`),
        'invalid_kind',
      );
    const limit = pageLimit(filter.limit);
    const regions = await this.visibleRegions(filter.region);
    let query = this.ctx.db
      .selectFrom('verification_proposals as v')
      .select('v.id')
      .where('v.id', '>', decodeCursor(filter.cursor))
      .orderBy('v.id')
      .limit(limit + 1);
    if (regions !== null) query = query.where(householdRegionCondition('v.village_code', regions));
    if (filter.status !== undefined)
      query = query.where('v.status', '=', filter.status as VerificationStatus);
    if (filter.kind !== undefined && isVerificationKind(filter.kind))
      query = query.where('v.kind', '=', filter.kind);
    const ids = (await query.execute()).map((r) => r.id);
    const page = toPage(
      (await proposalRecords(this.ctx.database, ids)).map((r) => this.masked(r)),
      limit,
    );
    await this.ctx.audit({
      action: 'verification.list',
      regionCode: filter.region ?? null,
      details: { returned: page.items.length, status: filter.status ?? null },
    });
    return page;
  }

  async get(id: number): Promise<ProposalRecord> {
    this.ctx.require('verification:read');
    const record = await this.visible(id);
    await this.ctx.audit({
      action: 'verification.read',
      subjectType: 'verification_proposal',
      subjectId: id,
      regionCode: record.village_code,
    });
    return this.masked(record);
  }

  async propose(input: ProposeInput): Promise<ProposalRecord> {
    this.ctx.require('verification:propose');
    const household = await this.ctx.db
      .selectFrom('households')
      .select('village_code')
      .where('id', '=', input.householdId)
      .executeTakeFirst();
    if (!household || !(await this.inScope(household.village_code)))
      throw new NotFoundError(
        say(`household ${input.householdId} not found`, `rumah tangga ${input.householdId} tidak ditemukan`),
      );
    return this.masked(
      await this.ctx.database.transaction((tx) => proposeCorrection(tx, input, this.ctx.auditActor)),
    );
  }

  async review(input: ReviewInput): Promise<ProposalRecord> {
    this.ctx.require('verification:review');
    const record = await this.visible(input.proposalId);
    const target = record.proposed.new_village_code;
    if (typeof target === 'string' && !regionInScope(target, this.ctx.principal.scope))
      throw new UserError(
        say(
          `the household would move to ${target}, outside your regions: a reviewer there must accept it`,
          `rumah tangga akan pindah ke ${target}, di luar wilayah Anda: peninjau di sana yang harus menerimanya`,
        ),
        'outside_scope',
      );
    return this.masked(
      await this.ctx.database.transaction((tx) => reviewProposal(tx, input, this.ctx.auditActor)),
    );
  }

  /** Accepted proposals of the caller's regions for the DTSEN update channel (identifiers masked unless revealed). */
  async exportAccepted(filter: {
    region?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  }): Promise<{ rows: AcceptedProposal[]; reveal: boolean }> {
    this.ctx.require('verification:review');
    const regions = await this.visibleRegions(filter.region);
    const rows = await acceptedProposals(this.ctx.database, { regions, from: filter.from, to: filter.to });
    await this.ctx.audit({
      action: 'verification.export',
      regionCode: filter.region ?? null,
      details: { returned: rows.length, identifiers_revealed: this.ctx.reveal },
    });
    return { rows, reveal: this.ctx.reveal };
  }
}

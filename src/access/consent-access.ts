import {
  consentHistoryQuery,
  recordConsent,
  toRecord,
  type ConsentInput,
  type ConsentRecord,
} from '../consent/consent-service.js';
import { requireConsentPurpose } from '../consent/consent-purposes.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, householdRegionCondition } from './region-scope.js';

export interface ConsentFilter extends PageRequest {
  householdId?: number | undefined;
  personId?: number | undefined;
  purpose?: string | undefined;
  region?: string | undefined;
}

/**
 * Consent records, scoped through the household's village: recording needs consent:manage and a household the
 * user can see (absent and out of scope are the same 404); every record and every list is audited.
 */
export class ConsentAccess {
  constructor(private readonly ctx: AccessContext) {}

  async record(input: ConsentInput): Promise<ConsentRecord> {
    this.ctx.require('consent:manage');
    await this.requireVisibleHousehold(input.householdId);
    return this.ctx.database.transaction((tx) => recordConsent(tx, input, this.ctx.auditActor));
  }

  async list(filter: ConsentFilter): Promise<Page<ConsentRecord>> {
    this.ctx.require('consent:read');
    const limit = pageLimit(filter.limit);
    const requested = filter.region === undefined ? undefined : requireRegionCodeShape(filter.region);
    const regions = effectiveRegions(this.ctx.principal.scope, requested);
    let query = consentHistoryQuery(this.ctx.db)
      .where('c.id', '>', decodeCursor(filter.cursor))
      .orderBy('c.id')
      .limit(limit + 1);
    if (regions !== null) query = query.where(householdRegionCondition('h.village_code', regions));
    if (filter.householdId !== undefined) query = query.where('c.household_id', '=', filter.householdId);
    if (filter.personId !== undefined) query = query.where('c.person_id', '=', filter.personId);
    if (filter.purpose !== undefined)
      query = query.where('c.purpose', '=', requireConsentPurpose(filter.purpose));
    const page = toPage((await query.execute()).map(toRecord), limit);
    await this.ctx.audit({
      action: 'consent.list',
      subjectType: filter.householdId === undefined ? null : 'household',
      subjectId: filter.householdId ?? null,
      regionCode: requested ?? null,
      details: { returned: page.items.length, consent_purpose: filter.purpose ?? null },
    });
    return page;
  }

  private async requireVisibleHousehold(id: number): Promise<void> {
    const regions = effectiveRegions(this.ctx.principal.scope, undefined);
    let query = this.ctx.db.selectFrom('households').select('id').where('id', '=', id);
    if (regions !== null) query = query.where(householdRegionCondition('village_code', regions));
    if (!(await query.executeTakeFirst())) throw new NotFoundError(`household ${id} not found`);
  }
}

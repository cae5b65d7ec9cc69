import { sql } from 'kysely';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError } from '../shared/errors.js';
import { shownIdentifier } from '../privacy/pii.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, regionCondition } from './region-scope.js';

export interface CooperativeSummary {
  id: number;
  registration_no: string;
  name: string;
  village_code: string;
  kind: 'desa' | 'kelurahan';
  type: string;
  status: string;
  member_count: number;
}

export interface CooperativeDetail extends CooperativeSummary {
  business_units: string[];
  established_on: string | null;
  member_capacity: number | null;
  officers: {
    id: number;
    position: string;
    name: string;
    start_date: string | null;
    end_date: string | null;
  }[];
}

export interface MemberRecord {
  id: number;
  member_no: string | null;
  nik: string | null;
  name: string;
  joined_on: string | null;
  left_on: string | null;
  savings_paid: number;
  person_id: number | null;
}

/** Cooperatives: region-scoped, or exactly one for a cooperative officer. */
export class CooperativeAccess {
  constructor(private readonly ctx: AccessContext) {}

  private visible() {
    const scope = this.ctx.principal.scope;
    let query = this.ctx.db.selectFrom('cooperatives as c');
    if (scope.kind === 'cooperative') query = query.where('c.id', '=', scope.cooperativeId);
    else if (scope.kind === 'regions') query = query.where(regionCondition('c.village_code', scope.codes));
    return query;
  }

  async list(filter: PageRequest & { region?: string | undefined }): Promise<Page<CooperativeSummary>> {
    this.ctx.require('cooperatives:read');
    const limit = pageLimit(filter.limit);
    let query = this.visible()
      .select([
        'c.id',
        'c.registration_no',
        'c.name',
        'c.village_code',
        'c.kind',
        'c.type',
        'c.status',
        (eb) =>
          eb
            .selectFrom('cooperative_members as m')
            .select(sql<number>`count(*)::int`.as('n'))
            .whereRef('m.cooperative_id', '=', 'c.id')
            .where('m.left_on', 'is', null)
            .as('member_count'),
      ])
      .where('c.id', '>', decodeCursor(filter.cursor))
      .orderBy('c.id')
      .limit(limit + 1);
    if (filter.region !== undefined) {
      const code = requireRegionCodeShape(filter.region);
      const scope = this.ctx.principal.scope;
      const regions = scope.kind === 'cooperative' ? [code] : (effectiveRegions(scope, code) ?? [code]);
      query = query.where(regionCondition('c.village_code', regions));
    }
    const rows = await query.execute();
    return toPage(
      rows.map((r) => ({ ...r, member_count: r.member_count ?? 0 })),
      limit,
    );
  }

  async get(id: number): Promise<CooperativeDetail> {
    this.ctx.require('cooperatives:read');
    const row = await this.visible()
      .select([
        'c.id',
        'c.registration_no',
        'c.name',
        'c.village_code',
        'c.kind',
        'c.type',
        'c.status',
        'c.business_units',
        'c.established_on',
        'c.member_capacity',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`cooperative ${id} not found`);
    const [officers, count] = await Promise.all([
      this.ctx.db
        .selectFrom('cooperative_officers')
        .select(['id', 'position', 'name', 'start_date', 'end_date'])
        .where('cooperative_id', '=', id)
        .orderBy('id')
        .execute(),
      this.ctx.db
        .selectFrom('cooperative_members')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('cooperative_id', '=', id)
        .where('left_on', 'is', null)
        .executeTakeFirstOrThrow(),
    ]);
    return { ...row, officers, member_count: count.n };
  }

  async members(cooperativeId: number, page: PageRequest): Promise<Page<MemberRecord>> {
    this.ctx.require('members:read');
    const coop = await this.visible()
      .select(['c.id', 'c.village_code'])
      .where('c.id', '=', cooperativeId)
      .executeTakeFirst();
    if (!coop) throw new NotFoundError(`cooperative ${cooperativeId} not found`);
    const limit = pageLimit(page.limit);
    const rows = await this.ctx.db
      .selectFrom('cooperative_members')
      .select(['id', 'member_no', 'nik', 'name', 'joined_on', 'left_on', 'savings_paid', 'person_id'])
      .where('cooperative_id', '=', cooperativeId)
      .where('id', '>', decodeCursor(page.cursor))
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    const result = toPage(
      rows.map((r) => ({ ...r, nik: shownIdentifier(r.nik, this.ctx.reveal) })),
      limit,
    );
    await this.ctx.audit({
      action: 'cooperative_member.list',
      subjectType: 'cooperative',
      subjectId: cooperativeId,
      regionCode: coop.village_code,
      details: { returned: result.items.length },
    });
    return result;
  }
}

import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { ConsentPurpose } from '../consent/consent-purposes.js';
import { householdConsentCondition } from '../consent/consent-rule.js';
import {
  groupHouseholdConsents,
  householdConsentRows,
  type HouseholdConsent,
} from '../consent/consent-service.js';
import { QueryShapeCache } from '../db/query-shape-cache.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import { currentDecisionRows, type CurrentDecision } from '../policy/policy-store.js';
import { shownIdentifier } from '../privacy/pii.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, householdRegionCondition, provinceKeyCondition } from './region-scope.js';

export interface HouseholdSummary {
  id: number;
  kk: string | null;
  village_code: string;
  address: string | null;
  decile: number | null;
  snapshot_date: string | null;
  member_count: number;
}

export interface HouseholdMember {
  id: number;
  nik: string | null;
  name: string;
  sex: 'L' | 'P' | null;
  birth_date: string | null;
  relation: number | null;
  disability: boolean;
}

export interface HouseholdDetail extends HouseholdSummary {
  pmt_score: number | null;
  socio: Record<string, unknown>;
  members: HouseholdMember[];
  enrolments: {
    id: number;
    program_code: string;
    period: string;
    amount: number | null;
    person_id: number | null;
  }[];
  cooperative_memberships: {
    cooperative_id: number;
    cooperative_name: string;
    person_id: number | null;
    member_no: string | null;
    joined_on: string | null;
    left_on: string | null;
  }[];
  /** Per purpose: whether the household has consent (consent/consent-rule.ts) and each subject's current decision. */
  consent: HouseholdConsent[];
  /** Targeting decisions in force (GET /households/:id/decisions explains each rule). */
  decisions: CurrentDecision[];
}

export interface HouseholdFilter extends PageRequest {
  region?: string | undefined;
  decile?: number | undefined;
  /** Deciles up to and including this one (e.g. 4 for "desil 1–4"). */
  maxDecile?: number | undefined;
  /** Exact No. KK: needs pii:read and a stated purpose, like NIK search. */
  kk?: string | undefined;
  /** Only households with consent for this purpose (the DCI search asks for data_sharing_dci). */
  consent?: ConsentPurpose | undefined;
}

/** Compiled household detail queries, one per scope and consent option (the id varies). */
const detailShapes = new QueryShapeCache();

/** Households as one principal may see them: region-scoped, identifiers masked unless revealed, reads audited. */
export class HouseholdAccess {
  constructor(private readonly ctx: AccessContext) {}

  async list(filter: HouseholdFilter): Promise<Page<HouseholdSummary>> {
    this.ctx.require('households:read');
    const limit = pageLimit(filter.limit);
    const after = decodeCursor(filter.cursor);
    if (
      filter.decile !== undefined &&
      !(Number.isInteger(filter.decile) && filter.decile >= 1 && filter.decile <= 10)
    ) {
      throw new UserError(`invalid decile ${filter.decile}: expected 1–10`, 'invalid_decile');
    }
    const requested = filter.region === undefined ? undefined : requireRegionCodeShape(filter.region);
    const regions = effectiveRegions(this.ctx.principal.scope, requested);
    let query = this.ctx.db
      .selectFrom('households as h')
      .select([
        'h.id',
        'h.kk',
        'h.village_code',
        'h.address',
        'h.decile',
        'h.snapshot_date',
        (eb) =>
          eb
            .selectFrom('persons as p')
            .select(sql<number>`count(*)::int`.as('n'))
            .whereRef('p.province_code', '=', 'h.province_code')
            .whereRef('p.household_id', '=', 'h.id')
            .as('member_count'),
      ])
      .where('h.id', '>', after)
      .orderBy('h.id')
      .limit(limit + 1);
    if (regions !== null) {
      query = query
        .where(householdRegionCondition('h.village_code', regions))
        .where(provinceKeyCondition('h.province_code', regions));
    }
    if (filter.decile !== undefined) query = query.where('h.decile', '=', filter.decile);
    if (filter.maxDecile !== undefined) query = query.where('h.decile', '<=', filter.maxDecile);
    if (filter.consent !== undefined) query = query.where(householdConsentCondition('h.id', filter.consent));
    if (filter.kk !== undefined) {
      this.ctx.requireReveal(say('searching by No. KK', 'pencarian dengan No. KK'));
      query = query.where('h.kk', '=', filter.kk.replace(/\D/g, ''));
    }
    const rows = await query.execute();
    const page = toPage(
      rows.map((r) => ({
        ...r,
        kk: shownIdentifier(r.kk, this.ctx.reveal),
        member_count: r.member_count ?? 0,
      })),
      limit,
    );
    await this.ctx.audit({
      action: 'household.list',
      subjectType: 'household',
      regionCode: requested ?? null,
      details: {
        returned: page.items.length,
        decile: filter.decile ?? null,
        by_kk: filter.kk !== undefined,
        ...(filter.consent ? { consent: filter.consent } : {}),
      },
    });
    return page;
  }

  /**
   * One household with members, enrolments, memberships and consent; absent and out-of-scope look the same, and so
   * does a household without consent for `options.consent` when one is asked for. One statement: the lists are
   * aggregated to JSON in the database, so a read costs one connection and one round trip, not six.
   */
  async get(id: number, options: { consent?: ConsentPurpose } = {}): Promise<HouseholdDetail> {
    this.ctx.require('households:read');
    const db = this.ctx.db;
    const regions = effectiveRegions(this.ctx.principal.scope, undefined);
    const shape = `${regions === null ? '*' : regions.join(',')}|${options.consent ?? ''}`;
    const compiled = detailShapes.compile(shape, id, (id) => {
      let query = db
        .selectFrom('households as h')
        .select([
          'h.id',
          'h.kk',
          'h.village_code',
          'h.address',
          'h.decile',
          'h.pmt_score',
          'h.snapshot_date',
          'h.socio',
        ])
        .select([
          jsonArrayFrom(
            db
              .selectFrom('persons')
              .select(['id', 'nik', 'name', 'sex', 'birth_date', 'relation', 'disability'])
              .where('household_id', '=', id)
              .orderBy('relation')
              .orderBy('id'),
          ).as('members'),
          jsonArrayFrom(
            db
              .selectFrom('program_enrolments')
              .select(['id', 'program_code', 'period', 'amount', 'person_id'])
              .where('household_id', '=', id)
              .orderBy('period', 'desc')
              .orderBy('id')
              .limit(500),
          ).as('enrolments'),
          jsonArrayFrom(
            db
              .selectFrom('cooperative_members as m')
              .innerJoin('cooperatives as c', 'c.id', 'm.cooperative_id')
              .innerJoin('persons as p', 'p.id', 'm.person_id')
              .select([
                'm.cooperative_id',
                'c.name as cooperative_name',
                'm.person_id',
                'm.member_no',
                'm.joined_on',
                'm.left_on',
              ])
              .where('p.household_id', '=', id)
              .orderBy('m.id'),
          ).as('memberships'),
          jsonArrayFrom(householdConsentRows(db, id)).as('consents'),
          jsonArrayFrom(currentDecisionRows(db, id)).as('decisions'),
        ])
        .where('h.id', '=', id);
      if (regions !== null) query = query.where(householdRegionCondition('h.village_code', regions));
      if (options.consent !== undefined)
        query = query.where(householdConsentCondition('h.id', options.consent));
      return query;
    });
    const [row] = (await db.executeQuery(compiled)).rows;
    if (!row) throw new NotFoundError(`household ${id} not found`);
    await this.ctx.audit({
      action: 'household.read',
      subjectType: 'household',
      subjectId: id,
      regionCode: row.village_code,
    });
    const reveal = this.ctx.reveal;
    const { members, memberships, consents, decisions, ...household } = row;
    return {
      ...household,
      kk: shownIdentifier(household.kk, reveal),
      member_count: members.length,
      members: members.map((m) => ({ ...m, nik: shownIdentifier(m.nik, reveal) })),
      cooperative_memberships: memberships,
      consent: groupHouseholdConsents(consents),
      // JSON carries timestamps as ISO text.
      decisions: decisions.map((d) => ({ ...d, applied_at: new Date(d.applied_at) })),
    };
  }
}

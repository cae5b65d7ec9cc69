import { NotFoundError, say, UserError } from '../shared/errors.js';
import { shownIdentifier } from '../privacy/pii.js';
import { normalizePersonName } from '../identity/name.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, householdRegionCondition, provinceKeyCondition } from './region-scope.js';

export interface PersonRecord {
  id: number;
  household_id: number | null;
  village_code: string | null;
  nik: string | null;
  name: string;
  sex: 'L' | 'P' | null;
  birth_date: string | null;
  relation: number | null;
  disability: boolean;
  occupation: string | null;
  education: string | null;
  marital_status: string | null;
  entity_id: number | null;
}

export interface PersonFilter extends PageRequest {
  household?: number | undefined;
  name?: string | undefined;
  nik?: string | undefined;
}

/** Persons, scoped through their household's village (persons without a household need national scope). */
export class PersonAccess {
  constructor(private readonly ctx: AccessContext) {}

  private base() {
    const regions = effectiveRegions(this.ctx.principal.scope, undefined);
    let query = this.ctx.db
      .selectFrom('persons as p')
      .leftJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select([
        'p.id',
        'p.household_id',
        'h.village_code',
        'p.nik',
        'p.name',
        'p.sex',
        'p.birth_date',
        'p.relation',
        'p.disability',
        'p.occupation',
        'p.education',
        'p.marital_status',
        'p.entity_id',
      ]);
    if (regions !== null) {
      query = query
        .where(householdRegionCondition('h.village_code', regions))
        .where(provinceKeyCondition('p.province_code', regions));
    }
    return query;
  }

  private shape(row: PersonRecord): PersonRecord {
    return { ...row, nik: shownIdentifier(row.nik, this.ctx.reveal) };
  }

  async list(filter: PersonFilter): Promise<Page<PersonRecord>> {
    this.ctx.require('persons:read');
    const limit = pageLimit(filter.limit);
    if (filter.nik !== undefined) this.ctx.requireReveal(say('searching by NIK', 'pencarian dengan NIK'));
    let query = this.base()
      .where('p.id', '>', decodeCursor(filter.cursor))
      .orderBy('p.id')
      .limit(limit + 1);
    if (filter.household !== undefined) query = query.where('p.household_id', '=', filter.household);
    if (filter.nik !== undefined) query = query.where('p.nik', '=', filter.nik.replace(/\D/g, ''));
    if (filter.name !== undefined) {
      const normalized = normalizePersonName(filter.name);
      if (normalized.length === 0)
        throw new UserError('name filter is empty after normalisation', 'invalid_name');
      query = query.where('p.name_normalized', 'like', `%${normalized.replace(/[\\%_]/g, '\\$&')}%`);
    }
    const page = toPage(
      (await query.execute()).map((r) => this.shape(r)),
      limit,
    );
    await this.ctx.audit({
      action: 'person.search',
      subjectType: 'person',
      details: {
        returned: page.items.length,
        by: [
          filter.household !== undefined && 'household',
          filter.name !== undefined && 'name',
          filter.nik !== undefined && 'nik',
        ].filter(Boolean),
      },
    });
    return page;
  }

  async get(id: number): Promise<PersonRecord> {
    this.ctx.require('persons:read');
    const row = await this.base().where('p.id', '=', id).executeTakeFirst();
    if (!row) throw new NotFoundError(`person ${id} not found`);
    await this.ctx.audit({
      action: 'person.read',
      subjectType: 'person',
      subjectId: id,
      regionCode: row.village_code,
    });
    return this.shape(row);
  }
}

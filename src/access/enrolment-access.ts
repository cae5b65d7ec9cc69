import { sql, type Expression, type SqlBool } from 'kysely';
import { isWithinRegion } from '../regions/region-code.js';
import { NotFoundError, say, UserError } from '../shared/errors.js';
import {
  addEnrolment,
  enrolmentRecord,
  moveEnrolment,
  type EnrolmentRecord,
  type MoveInput,
  type MoveMeta,
} from '../pilots/enrolment/enrolment-service.js';
import { isFunnelState } from '../pilots/enrolment/funnel.js';
import { EnrolmentRepository } from '../pilots/enrolment/enrolment-repository.js';
import { funnelSummary, type FunnelSummary } from '../pilots/enrolment/funnel-summary.js';
import { recordVisit, type VisitInput, type VisitRecord } from '../pilots/enrolment/visit-log.js';
import { workList, type WorkListRow } from '../pilots/enrolment/work-list.js';
import type { AccessContext } from './access-context.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, householdRegionCondition, regionInScope } from './region-scope.js';

export interface EnrolmentEvent {
  from_state: string | null;
  to_state: string;
  version: number;
  occurred_at: Date;
  actor: string;
  facilitator: string | null;
  place: string | null;
  note: string | null;
}

export interface EnrolmentFilter extends PageRequest {
  pilotId?: number | undefined;
  state?: string | undefined;
  region?: string | undefined;
}

/**
 * Enrolments, scoped three ways: a pendamping sees the villages assigned to them (within their regions), a
 * coop_officer the enrolments registering into their cooperative, everyone else their regions. Out of scope is 404.
 */
export class EnrolmentAccess {
  constructor(private readonly ctx: AccessContext) {}

  /** The villages a pendamping is currently assigned to, inside their region scope. */
  private async assignedVillages(): Promise<string[]> {
    const rows = await this.ctx.db
      .selectFrom('facilitator_villages')
      .select('village_code')
      .where('user_id', '=', this.ctx.principal.userId)
      .where('ended_at', 'is', null)
      .execute();
    const scope = this.ctx.principal.scope;
    return rows.map((r) => r.village_code).filter((v) => regionInScope(v, scope));
  }

  /** The SQL condition on an enrolment alias `e` for this principal, narrowed to a requested region. */
  private async scopeCondition(requested?: string): Promise<Expression<SqlBool> | null> {
    const scope = this.ctx.principal.scope;
    if (scope.kind === 'cooperative') {
      const coop = sql<SqlBool>`e.cooperative_id = ${scope.cooperativeId}`;
      return requested === undefined
        ? coop
        : sql<SqlBool>`(${coop} AND ${householdRegionCondition('e.village_code', [requested])})`;
    }
    if (this.ctx.principal.role === 'pendamping') {
      const villages = (await this.assignedVillages()).filter(
        (v) => requested === undefined || isWithinRegion(v, requested),
      );
      return householdRegionCondition('e.village_code', villages);
    }
    const regions = effectiveRegions(scope, requested);
    return regions === null ? null : householdRegionCondition('e.village_code', regions);
  }

  private async requireVisible(id: number): Promise<void> {
    const condition = await this.scopeCondition();
    let query = this.ctx.db.selectFrom('pilot_enrolments as e').select('e.id').where('e.id', '=', id);
    if (condition) query = query.where(condition);
    if (!(await query.executeTakeFirst()))
      throw new NotFoundError(say(`enrolment ${id} not found`, `pendaftaran ${id} tidak ditemukan`));
  }

  async list(filter: EnrolmentFilter): Promise<Page<EnrolmentRecord>> {
    this.ctx.require('enrolment:read');
    const limit = pageLimit(filter.limit);
    if (filter.state !== undefined && !isFunnelState(filter.state))
      throw new UserError(
        say(`unknown state "${filter.state}"`, `tahap "${filter.state}" tidak dikenal`),
        'invalid_state',
      );
    const condition = await this.scopeCondition(filter.region);
    let query = this.ctx.db
      .selectFrom('pilot_enrolments as e')
      .select('e.id')
      .where('e.id', '>', decodeCursor(filter.cursor))
      .orderBy('e.id')
      .limit(limit + 1);
    if (condition) query = query.where(condition);
    if (filter.pilotId !== undefined) query = query.where('e.pilot_id', '=', filter.pilotId);
    if (filter.state !== undefined && isFunnelState(filter.state))
      query = query.where('e.state', '=', filter.state);
    const ids = await query.execute();
    const records: EnrolmentRecord[] = [];
    for (const { id } of ids) records.push((await enrolmentRecord(this.ctx.database, id))!);
    const page = toPage(records, limit);
    await this.ctx.audit({
      action: 'enrolment.list',
      regionCode: filter.region ?? null,
      details: { returned: page.items.length, pilot_id: filter.pilotId ?? null },
    });
    return page;
  }

  /**
   * The enrolment funnel of the caller's scope (a pendamping: their villages; a coop_officer: their
   * cooperative), narrowed to a region and a pilot when asked: counts only, no person named. Audited.
   */
  async funnel(filter: {
    pilotId?: number | undefined;
    region?: string | undefined;
  }): Promise<FunnelSummary> {
    this.ctx.require('enrolment:read');
    const condition = await this.scopeCondition(filter.region);
    const counts = await new EnrolmentRepository(this.ctx.db).funnelCounts(condition, filter.pilotId);
    await this.ctx.audit({
      action: 'enrolment.funnel',
      regionCode: filter.region ?? null,
      details: { pilot_id: filter.pilotId ?? null },
    });
    return funnelSummary(counts.now, counts.entered);
  }

  async get(id: number): Promise<{ enrolment: EnrolmentRecord; history: EnrolmentEvent[] }> {
    this.ctx.require('enrolment:read');
    await this.requireVisible(id);
    const enrolment = (await enrolmentRecord(this.ctx.database, id))!;
    const history = await this.ctx.db
      .selectFrom('pilot_enrolment_events')
      .select(['from_state', 'to_state', 'version', 'occurred_at', 'actor', 'facilitator', 'place', 'note'])
      .where('enrolment_id', '=', id)
      .orderBy('version')
      .execute();
    await this.ctx.audit({
      action: 'enrolment.read',
      subjectType: 'enrolment',
      subjectId: id,
      regionCode: enrolment.village_code,
    });
    return { enrolment, history };
  }

  async add(input: { pilotId: number; personId: number } & MoveMeta): Promise<EnrolmentRecord> {
    this.ctx.require('enrolment:manage');
    const person = await this.ctx.db
      .selectFrom('persons as p')
      .innerJoin('households as h', (j) =>
        j.onRef('h.province_code', '=', 'p.province_code').onRef('h.id', '=', 'p.household_id'),
      )
      .select('h.village_code')
      .where('p.id', '=', input.personId)
      .executeTakeFirst();
    const scope = this.ctx.principal.scope;
    const visible =
      person !== undefined &&
      (this.ctx.principal.role === 'pendamping'
        ? (await this.assignedVillages()).includes(person.village_code)
        : scope.kind !== 'cooperative' && regionInScope(person.village_code, scope));
    if (!visible)
      throw new NotFoundError(
        say(`person ${input.personId} not found`, `orang ${input.personId} tidak ditemukan`),
      );
    return this.ctx.database.transaction((tx) =>
      addEnrolment(
        tx,
        { ...input, facilitator: input.facilitator ?? this.ctx.principal.username },
        this.ctx.auditActor,
      ),
    );
  }

  async move(input: MoveInput): Promise<EnrolmentRecord> {
    this.ctx.require('enrolment:manage');
    await this.requireVisible(input.enrolmentId);
    const facilitator =
      this.ctx.principal.role === 'pendamping' ? this.ctx.principal.username : input.facilitator;
    return this.ctx.database.transaction((tx) =>
      moveEnrolment(tx, { ...input, facilitator }, this.ctx.auditActor),
    );
  }

  async visit(input: VisitInput): Promise<VisitRecord> {
    this.ctx.require('enrolment:manage');
    await this.requireVisible(input.enrolmentId);
    return this.ctx.database.transaction((tx) => recordVisit(tx, input, this.ctx.auditActor));
  }

  /**
   * The caller's work list: open enrolments in their villages (a coop_officer: those registering into their
   * cooperative), NIK and address masked unless revealed; audited with identifiers_revealed.
   */
  async workList(filter: {
    pilotId?: number | undefined;
    region?: string | undefined;
    format?: 'json' | 'csv' | 'xlsx';
  }): Promise<WorkListRow[]> {
    this.ctx.require('enrolment:read');
    const scope = this.ctx.principal.scope;
    let villages: string[] | null;
    if (this.ctx.principal.role === 'pendamping')
      villages = (await this.assignedVillages()).filter(
        (v) => filter.region === undefined || isWithinRegion(v, filter.region),
      );
    else if (scope.kind === 'cooperative') villages = filter.region === undefined ? null : [filter.region];
    else villages = effectiveRegions(scope, filter.region);
    const rows = await workList(this.ctx.db, {
      villages,
      pilotId: filter.pilotId,
      cooperativeId: scope.kind === 'cooperative' ? scope.cooperativeId : undefined,
      reveal: this.ctx.reveal,
    });
    await this.ctx.audit({
      action:
        filter.format === undefined || filter.format === 'json'
          ? 'enrolment.work_list'
          : 'enrolment.work_list_export',
      regionCode: filter.region ?? null,
      details: {
        returned: rows.length,
        pilot_id: filter.pilotId ?? null,
        ...(filter.format === undefined ? {} : { format: filter.format }),
      },
    });
    return rows;
  }

  /**
   * One village's work list for the printable PDF: visible to a pendamping assigned to it, a coop_officer whose
   * cooperative has enrolments there (only those), region roles within their scope; otherwise 404 as for a
   * village that does not exist. NIK and address masked unless revealed.
   */
  async villageWorkList(
    villageCode: string,
    filter: { pilotId?: number | undefined },
  ): Promise<{ rows: WorkListRow[]; villageName: string; reveal: boolean }> {
    this.ctx.require('enrolment:read');
    const notFound = new NotFoundError(
      say(`village ${villageCode} not found`, `desa ${villageCode} tidak ditemukan`),
    );
    const village = await this.ctx.db
      .selectFrom('regions')
      .select(['code', 'name'])
      .where('code', '=', villageCode)
      .where('level', '=', 4)
      .executeTakeFirst();
    if (!village) throw notFound;
    const scope = this.ctx.principal.scope;
    let cooperativeId: number | undefined;
    if (scope.kind === 'cooperative') {
      const any = await this.ctx.db
        .selectFrom('pilot_enrolments')
        .select('id')
        .where('cooperative_id', '=', scope.cooperativeId)
        .where('village_code', '=', villageCode)
        .limit(1)
        .executeTakeFirst();
      if (!any) throw notFound;
      cooperativeId = scope.cooperativeId;
    } else if (this.ctx.principal.role === 'pendamping') {
      if (!(await this.assignedVillages()).includes(villageCode)) throw notFound;
    } else if (!regionInScope(villageCode, scope)) throw notFound;
    const rows = await workList(this.ctx.db, {
      villages: [villageCode],
      pilotId: filter.pilotId,
      cooperativeId,
      reveal: this.ctx.reveal,
    });
    await this.ctx.audit({
      action: 'enrolment.work_list_pdf',
      regionCode: villageCode,
      details: { returned: rows.length, pilot_id: filter.pilotId ?? null },
    });
    return {
      rows,
      villageName: village.name,
      reveal: this.ctx.reveal,
    };
  }

  /** Assigns a pendamping to a village (facilitators:manage; the village in both users' regions). */
  async assignFacilitator(
    userId: number,
    villageCode: string,
  ): Promise<{ user_id: number; village_code: string }> {
    this.ctx.require('facilitators:manage');
    const notFound = new NotFoundError(say(`user ${userId} not found`, `pengguna ${userId} tidak ditemukan`));
    const user = await this.ctx.db
      .selectFrom('users')
      .select(['id', 'role', 'region_codes'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!user) throw notFound;
    if (!user.region_codes.some((c) => regionInScope(c, this.ctx.principal.scope))) throw notFound;
    if (user.role !== 'pendamping')
      throw new UserError(
        say(`user ${userId} is not a pendamping`, `pengguna ${userId} bukan pendamping`),
        'not_a_facilitator',
      );
    const village = await this.ctx.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', villageCode)
      .where('level', '=', 4)
      .executeTakeFirst();
    if (!village || !regionInScope(villageCode, this.ctx.principal.scope))
      throw new NotFoundError(say(`village ${villageCode} not found`, `desa ${villageCode} tidak ditemukan`));
    if (!user.region_codes.some((c) => isWithinRegion(villageCode, c)))
      throw new UserError(
        say(
          `village ${villageCode} is outside the facilitator's regions`,
          `desa ${villageCode} di luar wilayah pendamping`,
        ),
        'outside_scope',
      );
    await this.ctx.database.transaction(async (tx) => {
      await tx.db
        .insertInto('facilitator_villages')
        .values({
          user_id: userId,
          province_code: villageCode.slice(0, 2),
          village_code: villageCode,
          assigned_by: this.ctx.principal.username,
        })
        .onConflict((oc) => oc.columns(['user_id', 'village_code']).where('ended_at', 'is', null).doNothing())
        .execute();
      await this.ctx.auditIn(tx, {
        action: 'facilitator.assign',
        subjectType: 'user',
        subjectId: userId,
        regionCode: villageCode,
      });
    });
    return { user_id: userId, village_code: villageCode };
  }
}

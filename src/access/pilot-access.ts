import { sql, type Expression, type SqlBool } from 'kysely';
import { isWithinRegion } from '../regions/region-code.js';
import { NotFoundError, say } from '../shared/errors.js';
import { openWave } from '../pilots/enrolment/enrolment-service.js';
import {
  assignmentsOf,
  createPilot,
  matchPilot,
  pilotRecord,
  publishPilot,
  randomizePilot,
  type AssignmentRow,
  type CreatePilotInput,
  type MatchInput,
  type PilotRecord,
  type RandomizationRecord,
} from '../pilots/pilot-service.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from './pagination.js';
import { effectiveRegions, regionInScope } from './region-scope.js';

export interface PilotSummary {
  id: number;
  name: string;
  region_code: string;
  design: string;
  status: string;
  wave_count: number;
  created_at: Date;
}

/**
 * Pilots, scoped by region: a pilot is visible when its region overlaps the user's (a regency officer sees the
 * province's pilot, with clusters and assignments only of their part); changing one needs pilots:manage and a
 * scope that contains the pilot's whole region. Invisible pilots are 404, as absent ones.
 */
export class PilotAccess {
  constructor(private readonly ctx: AccessContext) {}

  private overlap(column: string, regions: readonly string[]): Expression<SqlBool> {
    if (regions.length === 0) return sql<SqlBool>`false`;
    const parts = regions.map(
      (code) =>
        sql<SqlBool>`(${sql.ref(column)} = ${code} OR ${sql.ref(column)} LIKE ${code + '.%'} OR ${code} LIKE ${sql.ref(column)} || '.%')`,
    );
    return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
  }

  private visible(regionCode: string): boolean {
    const scope = this.ctx.principal.scope;
    if (scope.kind === 'national') return true;
    if (scope.kind === 'cooperative') return false;
    return scope.codes.some((c) => isWithinRegion(regionCode, c) || isWithinRegion(c, regionCode));
  }

  async list(filter: PageRequest & { region?: string | undefined }): Promise<Page<PilotSummary>> {
    this.ctx.require('pilots:read');
    const limit = pageLimit(filter.limit);
    const regions = effectiveRegions(this.ctx.principal.scope, filter.region);
    let query = this.ctx.db
      .selectFrom('pilots')
      .select(['id', 'name', 'region_code', 'design', 'status', 'wave_count', 'created_at'])
      .where('id', '>', decodeCursor(filter.cursor))
      .orderBy('id')
      .limit(limit + 1);
    if (regions !== null) query = query.where(this.overlap('region_code', regions));
    const page = toPage(await query.execute(), limit);
    await this.ctx.audit({
      action: 'pilot.list',
      regionCode: filter.region ?? null,
      details: { returned: page.items.length },
    });
    return page;
  }

  async get(id: number): Promise<PilotRecord> {
    this.ctx.require('pilots:read');
    const record = await pilotRecord(this.ctx.database, id);
    if (!record || !this.visible(record.region_code)) throw this.notFound(id);
    await this.ctx.audit({
      action: 'pilot.read',
      subjectType: 'pilot',
      subjectId: id,
      regionCode: record.region_code,
    });
    return record;
  }

  /** The binding (or draft) assignment, limited to the clusters inside the user's scope. */
  async assignments(
    id: number,
  ): Promise<{ randomization: RandomizationRecord | null; clusters: AssignmentRow[] }> {
    const record = await this.get(id);
    if (!record.randomization) return { randomization: null, clusters: [] };
    const rows = await assignmentsOf(this.ctx.database, record.randomization.id);
    const scope = this.ctx.principal.scope;
    return {
      randomization: record.randomization,
      clusters: rows.filter((r) => regionInScope(r.village_code, scope)),
    };
  }

  async create(input: CreatePilotInput): Promise<PilotRecord> {
    this.ctx.require('pilots:manage');
    if (!regionInScope(input.regionCode, this.ctx.principal.scope))
      throw new NotFoundError(
        say(`region ${input.regionCode} not found`, `wilayah ${input.regionCode} tidak ditemukan`),
      );
    const id = await this.ctx.database.transaction((tx) => createPilot(tx, input, this.ctx.auditActor));
    return (await pilotRecord(this.ctx.database, id))!;
  }

  async randomize(
    id: number,
    options: { seed: string; reason?: string | undefined },
  ): Promise<RandomizationRecord> {
    await this.requireManageable(id);
    return this.ctx.database.transaction((tx) => randomizePilot(tx, id, options, this.ctx.auditActor));
  }

  async match(id: number, input: MatchInput): Promise<RandomizationRecord> {
    await this.requireManageable(id);
    return this.ctx.database.transaction((tx) => matchPilot(tx, id, input, this.ctx.auditActor));
  }

  async publish(id: number): Promise<RandomizationRecord> {
    await this.requireManageable(id);
    return this.ctx.database.transaction((tx) => publishPilot(tx, id, this.ctx.auditActor));
  }

  async openWave(
    id: number,
    waveNo: number,
  ): Promise<{ wave_no: number; clusters: number; identified: number }> {
    await this.requireManageable(id);
    return this.ctx.database.transaction((tx) => openWave(tx, id, waveNo, this.ctx.auditActor));
  }

  private async requireManageable(id: number): Promise<void> {
    this.ctx.require('pilots:manage');
    const pilot = await this.ctx.db
      .selectFrom('pilots')
      .select('region_code')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!pilot || !this.visible(pilot.region_code)) throw this.notFound(id);
    if (!regionInScope(pilot.region_code, this.ctx.principal.scope))
      throw new ForbiddenError(
        say(
          `pilot ${id} covers ${pilot.region_code}, beyond your regions: only a user whose scope covers it may change it`,
          `uji coba ${id} mencakup ${pilot.region_code}, di luar wilayah Anda: hanya pengguna yang cakupannya meliputinya yang dapat mengubahnya`,
        ),
      );
  }

  private notFound(id: number): NotFoundError {
    return new NotFoundError(say(`pilot ${id} not found`, `uji coba ${id} tidak ditemukan`));
  }
}

import { REPORT_STATEMENT_TIMEOUT_MS, withStatementTimeout } from '../db/statement-timeout.js';
import { ProgramRepository, type Program } from '../programs/program-repository.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import {
  targetingReport,
  unmatchedRecipients,
  type ProgramQuality,
  type UnmatchedRecipient,
} from '../reports/targeting-report.js';
import { UserError } from '../shared/errors.js';
import { rankVillages } from '../villages/village-service.js';
import type { VillageScore } from '../villages/village-score.js';
import type { AccessContext } from './access-context.js';
import { effectiveRegions, regionInScope } from './region-scope.js';

/**
 * The reports the CLI prints (`programs list`, `villages rank`, `report targeting`), through the scope: aggregates
 * only cover regions the user sees, and the unmatched-recipient list (names, masked NIK) needs persons:read and
 * is audited.
 */
export class ReportAccess {
  constructor(private readonly ctx: AccessContext) {}

  async programs(): Promise<Program[]> {
    this.ctx.require('indicators:read');
    return new ProgramRepository(this.ctx.db).list();
  }

  /** Villages ranked for new cooperatives, only those in scope (scores stay relative to their province). */
  async villageRanking(options: {
    province?: string | undefined;
    top?: number | undefined;
  }): Promise<VillageScore[]> {
    this.ctx.require('indicators:read');
    const scope = this.ctx.principal.scope;
    let province = options.province === undefined ? undefined : requireRegionCodeShape(options.province);
    if (province !== undefined && province.length !== 2) {
      throw new UserError(`invalid province "${options.province}": use a two-digit province code`);
    }
    if (province === undefined && scope.kind === 'regions') {
      const provinces = [...new Set(scope.codes.map((c) => c.slice(0, 2)))];
      if (provinces.length === 1) province = provinces[0];
      else
        throw new UserError('your regions span several provinces: name one (province=)', 'province_required');
    }
    const regions = effectiveRegions(scope, province);
    if (regions !== null && regions.length === 0) return [];
    const ranked = await rankVillages(this.ctx.database, { province });
    const visible = ranked.filter((v) => regionInScope(v.villageCode, scope));
    return options.top === undefined ? visible : visible.slice(0, options.top);
  }

  /** Inclusion and exclusion errors by region, for one region of the scope (national users may omit it). */
  async targeting(options: { program?: string | undefined; region?: string | undefined }) {
    this.ctx.require('indicators:read');
    const region = this.oneRegion(options.region);
    if (region === false) return { region: null, group_level: 0, programs: [] as ProgramQuality[] };
    return withStatementTimeout(this.ctx.database, REPORT_STATEMENT_TIMEOUT_MS, (db) =>
      targetingReport(db, { program: options.program?.toUpperCase(), region: region ?? undefined }),
    );
  }

  /** Recipients of the current period matching no household, NIK masked (audited: it lists names). */
  async unmatched(options: {
    program?: string | undefined;
    region?: string | undefined;
  }): Promise<UnmatchedRecipient[]> {
    this.ctx.require('persons:read');
    const region = this.oneRegion(options.region);
    if (region === false) return [];
    const list = await withStatementTimeout(this.ctx.database, REPORT_STATEMENT_TIMEOUT_MS, (db) =>
      unmatchedRecipients(db, { program: options.program?.toUpperCase(), region: region ?? undefined }),
    );
    await this.ctx.audit({
      action: 'report.unmatched_recipients',
      regionCode: region,
      details: { program: options.program ?? null, returned: list.length },
    });
    return list;
  }

  /**
   * The one region a report covers: null = everything (national, none asked), false = nothing visible (a region
   * outside the scope reads as empty, like any list), else a code inside the scope.
   */
  private oneRegion(input: string | undefined): string | null | false {
    const requested = input === undefined ? undefined : requireRegionCodeShape(input);
    const regions = effectiveRegions(this.ctx.principal.scope, requested);
    if (regions === null) return null;
    if (regions.length === 0) return false;
    if (regions.length > 1) {
      throw new UserError('your scope has several regions: name one (region=)', 'region_required');
    }
    return regions[0]!;
  }
}

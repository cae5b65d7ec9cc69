import { targetingReport } from '../../reports/targeting-report.js';
import type { JobKind } from '../job-kind.js';
import { paramsObject, PROVINCE_CODE, stringList } from '../job-params.js';
import { provincesWithData } from '../province-split.js';

export interface TargetingReportParams {
  /** One program's code (none: every program). */
  program: string | null;
  provinces: string[];
}

type ProvinceReport = Awaited<ReturnType<typeof targetingReport>>;

/**
 * The targeting report (`entas report targeting --region P`) for every province with data, one part each:
 * read-only, so rerunning a part changes nothing. The job's result lists the provinces' reports, each broken
 * down by regency, as the report of one province is.
 */
export const targetingReportJob: JobKind<TargetingReportParams> = {
  name: 'targeting-report',

  parse(raw) {
    const o = paramsObject(raw, 'targeting-report');
    return {
      program: typeof o.program === 'string' && o.program !== '' ? o.program.toUpperCase() : null,
      provinces: stringList(o, 'provinces', PROVINCE_CODE),
    };
  },

  async plan(database, params) {
    const provinces = await provincesWithData(database.db, params.provinces);
    return { params, parts: provinces.map((p) => ({ key: p, stage: 0, province_code: p })) };
  },

  async runPart(database, params, part) {
    return targetingReport(database.db, {
      region: part.province,
      ...(params.program ? { program: params.program } : {}),
    });
  },

  combine(_params, results): { provinces: ProvinceReport[] } {
    return { provinces: results.map((r) => r.result as ProvinceReport) };
  },
};

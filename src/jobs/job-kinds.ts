import type { JobKind } from './job-kind.js';
import { indicatorRefreshJob } from './kinds/indicator-refresh-job.js';
import { importJob } from './kinds/import-job.js';
import { linkRunJob } from './kinds/link-run-job.js';
import { policyApplyJob } from './kinds/policy-apply-job.js';
import { policySimulateJob } from './kinds/policy-simulate-job.js';
import { targetingReportJob } from './kinds/targeting-report-job.js';

/** Every kind of job a worker can run, by name. */
export const JOB_KINDS: ReadonlyMap<string, JobKind> = new Map<string, JobKind>(
  [indicatorRefreshJob, policySimulateJob, policyApplyJob, linkRunJob, importJob, targetingReportJob].map(
    (k) => [k.name, k as JobKind],
  ),
);

import type { RepositoryQueries } from '../db/sql-recorder.js';
import { consentRepositoryQueries } from '../consent/queries/consent-repository.queries.js';
import { healthScoreRepositoryQueries } from '../cooperatives/storage/queries/health-score-repository.queries.js';
import { pilotDataRepositoryQueries } from '../pilots/evaluation/queries/pilot-data-repository.queries.js';
import { pilotMonitoringRepositoryQueries } from '../pilots/evaluation/queries/pilot-monitoring-repository.queries.js';
import { enrolmentRepositoryQueries } from '../pilots/enrolment/queries/enrolment-repository.queries.js';
import { clusterRepositoryQueries } from '../pilots/queries/cluster-repository.queries.js';
import { pilotRepositoryQueries } from '../pilots/queries/pilot-repository.queries.js';
import { policyApplicationRepositoryQueries } from '../policy/queries/policy-application-repository.queries.js';
import { legalHoldRepositoryQueries } from '../privacy/queries/legal-hold-repository.queries.js';
import { retentionRepositoryQueries } from '../privacy/queries/retention-repository.queries.js';
import { programRepositoryQueries } from '../programs/queries/program-repository.queries.js';

import { jobRepositoryQueries } from '../jobs/queries/job-repository.queries.js';
import { userRepositoryQueries } from '../auth/queries/user-repository.queries.js';
import { linkageRepositoryQueries } from '../linkage/storage/queries/linkage-repository.queries.js';
import { platformLinkageRepositoryQueries } from '../linkage/platform/queries/platform-linkage-repository.queries.js';
import { indicatorRepositoryQueries } from '../indicators/queries/indicator-repository.queries.js';
import { computeSqlQueries } from '../indicators/queries/compute-sql.queries.js';
import { batchRepositoryQueries } from '../intake/storage/queries/batch-repository.queries.js';
import { regionRepositoryQueries } from '../regions/queries/region-repository.queries.js';
import { villageRepositoryQueries } from '../villages/queries/village-repository.queries.js';
import { demoRepositoryQueries } from '../demo/queries/demo-repository.queries.js';
import { demoBooksRepositoryQueries } from '../demo/queries/demo-books-repository.queries.js';
import { operationsRepositoryQueries } from '../cooperatives/storage/queries/operations-repository.queries.js';
import { contextRepositoryQueries } from '../policy/queries/context-repository.queries.js';
import { ledgerRepositoryQueries } from '../cooperatives/storage/queries/ledger-repository.queries.js';
import { loanRepositoryQueries } from '../cooperatives/storage/queries/loan-repository.queries.js';
import { savingsRepositoryQueries } from '../cooperatives/storage/queries/savings-repository.queries.js';
import { verificationRepositoryQueries } from '../pilots/verification/queries/verification-repository.queries.js';
import { bansosStoreQueries } from '../intake/storage/queries/bansos-store.queries.js';
import { cooperativesStoreQueries } from '../intake/storage/queries/cooperatives-store.queries.js';
import { dtsenStoreQueries } from '../intake/storage/queries/dtsen-store.queries.js';
import { fieldVerificationStoreQueries } from '../intake/storage/queries/field-verification-store.queries.js';
import { membersStoreQueries } from '../intake/storage/queries/members-store.queries.js';
import { officersStoreQueries } from '../intake/storage/queries/officers-store.queries.js';
import { auditLogQueries } from '../audit/queries/audit-log.queries.js';

/** The repositories whose queries are committed as SQL (`<area>/queries/<repository>.sql`). */
export const REPOSITORY_QUERIES: readonly RepositoryQueries[] = [
  consentRepositoryQueries,
  clusterRepositoryQueries,
  healthScoreRepositoryQueries,
  legalHoldRepositoryQueries,
  pilotRepositoryQueries,
  pilotDataRepositoryQueries,
  pilotMonitoringRepositoryQueries,
  enrolmentRepositoryQueries,
  policyApplicationRepositoryQueries,
  contextRepositoryQueries,
  programRepositoryQueries,
  retentionRepositoryQueries,
  jobRepositoryQueries,
  userRepositoryQueries,
  linkageRepositoryQueries,
  platformLinkageRepositoryQueries,
  indicatorRepositoryQueries,
  computeSqlQueries,
  batchRepositoryQueries,
  regionRepositoryQueries,
  villageRepositoryQueries,
  demoRepositoryQueries,
  demoBooksRepositoryQueries,
  operationsRepositoryQueries,
  ledgerRepositoryQueries,
  loanRepositoryQueries,
  savingsRepositoryQueries,
  verificationRepositoryQueries,
  bansosStoreQueries,
  cooperativesStoreQueries,
  dtsenStoreQueries,
  fieldVerificationStoreQueries,
  membersStoreQueries,
  officersStoreQueries,
  auditLogQueries,
];

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import { consentRepositoryQueries } from '../../consent/queries/consent-repository.queries.js';
import { healthScoreRepositoryQueries } from '../../cooperatives/storage/queries/health-score-repository.queries.js';
import { pilotDataRepositoryQueries } from '../../pilots/evaluation/queries/pilot-data-repository.queries.js';
import { pilotMonitoringRepositoryQueries } from '../../pilots/evaluation/queries/pilot-monitoring-repository.queries.js';
import { enrolmentRepositoryQueries } from '../../pilots/enrolment/queries/enrolment-repository.queries.js';
import { clusterRepositoryQueries } from '../../pilots/queries/cluster-repository.queries.js';
import { pilotRepositoryQueries } from '../../pilots/queries/pilot-repository.queries.js';
import { policyApplicationRepositoryQueries } from '../../policy/queries/policy-application-repository.queries.js';
import { legalHoldRepositoryQueries } from '../../privacy/queries/legal-hold-repository.queries.js';
import { retentionRepositoryQueries } from '../../privacy/queries/retention-repository.queries.js';
import { programRepositoryQueries } from '../../programs/queries/program-repository.queries.js';

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
  programRepositoryQueries,
  retentionRepositoryQueries,
];

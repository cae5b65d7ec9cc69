import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../pilot-monitoring-repository.js';
import { loadPilotMonitoring } from '../pilot-monitoring-repository.js';

export const pilotMonitoringRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/evaluation/pilot-monitoring-repository.ts',
  module,
  queries: {
    // Indicator values are read through IndicatorRepository (covered there): no indicator sets here.
    loadPilotMonitoring: (r) => loadPilotMonitoring(r.db, { id: 1, region_code: '53.01' }, []),
  },
};

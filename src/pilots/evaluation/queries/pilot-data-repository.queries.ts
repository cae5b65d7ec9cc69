import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../pilot-data-repository.js';
import { loadPilotObservations, loadPilotPopulation } from '../pilot-data-repository.js';

const pilot = (design: string) => ({
  id: 1,
  name: 'Pilot',
  region_code: '53.01',
  design,
  policy_row_id: 3,
  member_treatments: ['member'],
  cluster_kind: 'village',
});
const cluster = {
  id: 1,
  cluster_key: 'a',
  village_code: '53.01.01.2001',
  stratum: 's',
  arm: 'treatment',
  wave_no: 1,
};

export const pilotDataRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/evaluation/pilot-data-repository.ts',
  module,
  queries: {
    loadPilotPopulation: (r) => {
      r.answer([pilot('stepped_wedge')], [], [{ id: 5 }], [cluster], [{ household_id: 1, cluster_id: 1 }]);
      return loadPilotPopulation(r, 1);
    },
    'loadPilotPopulation (non-randomized)': (r) => {
      r.answer([pilot('non_randomized')], [], [], [cluster], [{ household_id: 1, cluster_id: 1 }]);
      return loadPilotPopulation(r, 1);
    },
    loadPilotObservations: (r) => loadPilotObservations(r, [1, 2], ['2026-01-31']),
  },
};

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../demo-repository.js';
import {
  DEMO_ID_TABLES,
  findDemoBatches,
  findProvince,
  listVillages,
  loadProgramRules,
  releaseIds,
  removeDemoData,
  reserveIds,
} from '../demo-repository.js';

export const demoRepositoryQueries: RepositoryQueries = {
  repository: 'src/demo/demo-repository.ts',
  module,
  queries: {
    findProvince: (r) => findProvince(r.db, '53'),
    listVillages: (r) => listVillages(r.db, '53'),
    loadProgramRules: (r) => loadProgramRules(r.db, ['PKH', 'BPNT']),
    findDemoBatches: (r) => findDemoBatches(r.db, '53'),
    removeDemoData: (r) => removeDemoData(r.tx, [1, 2], 'admin'),
    reserveIds: (r) => {
      r.answer(...DEMO_ID_TABLES.map(() => [{ id: 1 }]));
      return reserveIds(r.tx);
    },
    releaseIds: (r) =>
      releaseIds(r.tx, {
        households: 10,
        persons: 40,
        cooperatives: 2,
        cooperative_officers: 6,
        cooperative_members: 30,
        program_enrolments: 12,
      }),
  },
};

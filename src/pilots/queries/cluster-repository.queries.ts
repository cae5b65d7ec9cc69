import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../cluster-repository.js';
import { loadClusterCounts, loadCooperativeClusterCounts } from '../cluster-repository.js';

export const clusterRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/cluster-repository.ts',
  module,
  queries: {
    loadClusterCounts: (r) => loadClusterCounts(r.db, '53.01', ['53.01.01.2001']),
    loadCooperativeClusterCounts: (r) => loadCooperativeClusterCounts(r.db, '53.01', 7),
  },
};

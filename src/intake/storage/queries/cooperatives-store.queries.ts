import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../cooperatives-store.js';
import { mergeCooperatives, revertCooperatives } from '../cooperatives-store.js';

export const cooperativesStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/cooperatives-store.ts',
  module,
  queries: {
    mergeCooperatives: (r) => mergeCooperatives(r.tx, 12),
    revertCooperatives: (r) => revertCooperatives(r.tx, 12),
  },
};

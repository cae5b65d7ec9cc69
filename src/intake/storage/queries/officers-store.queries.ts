import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../officers-store.js';
import { mergeOfficers, revertOfficers, stagedCooperatives } from '../officers-store.js';

export const officersStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/officers-store.ts',
  module,
  queries: {
    mergeOfficers: (r) => mergeOfficers(r.tx, 12),
    stagedCooperatives: (r) => stagedCooperatives(r.tx),
    revertOfficers: (r) => revertOfficers(r.tx, 12),
  },
};

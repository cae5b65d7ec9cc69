import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../dtsen-store.js';
import { mergeDtsen, revertDtsen } from '../dtsen-store.js';

export const dtsenStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/dtsen-store.ts',
  module,
  queries: {
    mergeDtsen: (r) => {
      r.answer([{ oid: 16400 }]);
      return mergeDtsen(r.tx, 12, '2026-01-31', 1000);
    },
    revertDtsen: (r) => revertDtsen(r.tx, 12),
    'revertDtsen (households moved to another province)': (r) => {
      r.answer([], [], [], [], [{ n: 1 }]);
      return revertDtsen(r.tx, 12);
    },
  },
};

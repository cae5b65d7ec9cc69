import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../bansos-store.js';
import { mergeBansos, revertBansos } from '../bansos-store.js';

export const bansosStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/bansos-store.ts',
  module,
  queries: {
    mergeBansos: (r) => mergeBansos(r.tx, 12, 'PKH', '2026-Q1'),
    revertBansos: (r) => revertBansos(r.tx, 12),
  },
};

import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../field-verification-store.js';
import { revertFieldVerification } from '../field-verification-store.js';

export const fieldVerificationStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/field-verification-store.ts',
  module,
  queries: {
    revertFieldVerification: (r) => revertFieldVerification(r.tx, 12),
  },
};

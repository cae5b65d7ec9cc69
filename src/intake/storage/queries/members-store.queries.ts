import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../members-store.js';
import { mergeMembers, revertMembers } from '../members-store.js';

export const membersStoreQueries: RepositoryQueries = {
  repository: 'src/intake/storage/members-store.ts',
  module,
  queries: {
    mergeMembers: (r) => mergeMembers(r.tx, 12),
    revertMembers: (r) => revertMembers(r.tx, 12),
  },
};

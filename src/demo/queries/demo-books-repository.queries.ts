import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../demo-books-repository.js';
import { officerNames, pilotMembers } from '../demo-books-repository.js';

export const demoBooksRepositoryQueries: RepositoryQueries = {
  repository: 'src/demo/demo-books-repository.ts',
  module,
  queries: {
    pilotMembers: (r) => pilotMembers(r.db, 1),
    officerNames: (r) => officerNames(r.db, 9),
  },
};

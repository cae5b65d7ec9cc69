import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../program-repository.js';
import { ProgramRepository } from '../program-repository.js';

export const programRepositoryQueries: RepositoryQueries = {
  repository: 'src/programs/program-repository.ts',
  module,
  queries: {
    'ProgramRepository.list': (r) => new ProgramRepository(r.db).list(),
    'ProgramRepository.exists': (r) => new ProgramRepository(r.db).exists('PKH'),
    'ProgramRepository.update': (r) =>
      new ProgramRepository(r.db).update('PKH', {
        eligibleDeciles: [1, 2],
        monthlyBenefit: 250000,
        active: true,
      }),
  },
};

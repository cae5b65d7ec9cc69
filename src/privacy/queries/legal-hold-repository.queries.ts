import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../legal-hold-repository.js';
import { LegalHoldRepository } from '../legal-hold-repository.js';

export const legalHoldRepositoryQueries: RepositoryQueries = {
  repository: 'src/privacy/legal-hold-repository.ts',
  module,
  queries: {
    'LegalHoldRepository.householdExists': (r) => new LegalHoldRepository(r.db).householdExists(1),
    'LegalHoldRepository.place': (r) => new LegalHoldRepository(r.db).place(1, 'court order', 'admin'),
    'LegalHoldRepository.release': (r) => new LegalHoldRepository(r.db).release(1, 'admin'),
  },
};

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../legal-hold-repository.js';
import { LegalHoldRepository } from '../legal-hold-repository.js';

export const legalHoldRepositoryQueries: RepositoryQueries = {
  repository: 'src/privacy/legal-hold-repository.ts',
  module,
  queries: {
    'LegalHoldRepository.householdProvince': (r) => new LegalHoldRepository(r.db).householdProvince(1),
    'LegalHoldRepository.place': (r) =>
      new LegalHoldRepository(r.db).place({ id: 1, provinceCode: '32' }, 'court order', 'admin'),
    'LegalHoldRepository.release': (r) => new LegalHoldRepository(r.db).release(1, 'admin'),
  },
};

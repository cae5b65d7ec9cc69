import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../retention-repository.js';
import { RetentionRepository } from '../retention-repository.js';

const before = new Date('2026-01-01T00:00:00Z');

export const retentionRepositoryQueries: RepositoryQueries = {
  repository: 'src/privacy/retention-repository.ts',
  module,
  queries: {
    'RetentionRepository.configuredDays': (r) => new RetentionRepository(r.db).configuredDays(),
    'RetentionRepository.setDays': (r) =>
      new RetentionRepository(r.db).setDays('intake_rejects', 365, 'admin'),
    'RetentionRepository.rejectsFilesBefore': (r) => new RetentionRepository(r.db).rejectsFilesBefore(before),
    'RetentionRepository.markRejectsDeleted': (r) => new RetentionRepository(r.db).markRejectsDeleted([1, 2]),
    'RetentionRepository.countIntakeWarningsBefore': (r) =>
      new RetentionRepository(r.db).countIntakeWarningsBefore(before),
    'RetentionRepository.deleteIntakeWarningsBefore': (r) =>
      new RetentionRepository(r.db).deleteIntakeWarningsBefore(before),
    'RetentionRepository.countEndedTokensBefore': (r) =>
      new RetentionRepository(r.db).countEndedTokensBefore(before),
    'RetentionRepository.deleteEndedTokensBefore': (r) =>
      new RetentionRepository(r.db).deleteEndedTokensBefore(before),
    'RetentionRepository.departedHouseholds': (r) => {
      r.answer([{ id: 1 }, { id: 2 }]); // households found, so the held check runs too
      return new RetentionRepository(r.db).departedHouseholds('2026-01-01');
    },
    'RetentionRepository.clearHouseholdIdentifiers': (r) =>
      new RetentionRepository(r.db).clearHouseholdIdentifiers([1, 2]),
  },
  notQueries: {
    'RetentionRepository.batchesBefore': 'private: the subquery of the intake-warning queries',
    'RetentionRepository.heldHouseholds': 'private: recorded through departedHouseholds',
  },
};

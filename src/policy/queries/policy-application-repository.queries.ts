import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../policy-application-repository.js';
import { PolicyApplicationRepository } from '../policy-application-repository.js';

export const policyApplicationRepositoryQueries: RepositoryQueries = {
  repository: 'src/policy/policy-application-repository.ts',
  module,
  queries: {
    'PolicyApplicationRepository.findVersion': (r) =>
      new PolicyApplicationRepository(r.tx).findVersion('p', 2),
    'PolicyApplicationRepository.insertVersion': (r) =>
      new PolicyApplicationRepository(r.tx).insertVersion({
        policyId: 'p',
        version: 2,
        asOf: '2026-01-01',
        content: 'id: p',
        contentHash: 'abc',
        createdBy: 'admin',
      }),
    'PolicyApplicationRepository.insertApplication': (r) =>
      new PolicyApplicationRepository(r.tx).insertApplication({
        policyRowId: 1,
        effective: '2026-01-01',
        regionCode: '53',
        appliedBy: 'admin',
      }),
    'PolicyApplicationRepository.copyDecisions': (r) =>
      new PolicyApplicationRepository(r.tx).copyDecisions('1\t2\n'),
    'PolicyApplicationRepository.supersede': (r) => new PolicyApplicationRepository(r.tx).supersede(5),
    'PolicyApplicationRepository.finishApplication': (r) =>
      new PolicyApplicationRepository(r.tx).finishApplication(5, 100, { member: 60 }),
  },
};

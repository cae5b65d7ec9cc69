import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../job-repository.js';
import { JobRepository } from '../job-repository.js';

const repo = (r: { db: ConstructorParameters<typeof JobRepository>[0] }) => new JobRepository(r.db);
const part = { job_id: 1, part_key: '53' };

export const jobRepositoryQueries: RepositoryQueries = {
  repository: 'src/jobs/job-repository.ts',
  module,
  queries: {
    'JobRepository.create': (r) => {
      r.answer([{ id: 1 }]);
      return repo(r).create(
        'indicators.refresh',
        { set: 'core' },
        [{ key: '53', stage: 0, province_code: '53' }],
        'admin',
      );
    },
    'JobRepository.claim': (r) => repo(r).claim('worker-1', 60_000, null),
    'JobRepository.claim (one job)': (r) => repo(r).claim('worker-1', 60_000, 1),
    'JobRepository.renew': (r) =>
      repo(r).renew('worker-1', part, 60_000, { done: 5, total: 10, checkpoint: { at: 5 } }),
    'JobRepository.complete': (r) => repo(r).complete('worker-1', part, { rows: 10 }),
    'JobRepository.fail': (r) => repo(r).fail('worker-1', part, 'boom'),
    'JobRepository.lockJob': (r) => repo(r).lockJob(1),
    'JobRepository.openParts': (r) => repo(r).openParts(1),
    'JobRepository.finish': (r) => repo(r).finish(1, { rows: 10 }),
    'JobRepository.parts': (r) => repo(r).parts(1),
    'JobRepository.job': (r) => repo(r).job(1),
    'JobRepository.list': (r) => repo(r).list({ state: 'running', limit: 20 }),
    'JobRepository.list (one job)': (r) => repo(r).list({ limit: 20, only: 1 }),
    'JobRepository.cancel': (r) => repo(r).cancel(1),
    'JobRepository.retry': (r) => repo(r).retry(1),
    'JobRepository.releaseLeasesOfOthers': (r) => repo(r).releaseLeasesOfOthers('worker-1'),
  },
  notQueries: { LeaseLostError: 'an error class' },
};

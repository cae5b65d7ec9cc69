import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../batch-repository.js';
import {
  BatchRepository,
  createBatch,
  finishBatch,
  lockBatchForRevert,
  markReverted,
  newestDtsenSnapshot,
} from '../batch-repository.js';

const repo = (r: { db: ConstructorParameters<typeof BatchRepository>[0] }) => new BatchRepository(r.db);

export const batchRepositoryQueries: RepositoryQueries = {
  repository: 'src/intake/storage/batch-repository.ts',
  module,
  queries: {
    'BatchRepository.findActiveByHash': (r) => repo(r).findActiveByHash('dtsen', 'abc'),
    'BatchRepository.list': (r) => repo(r).list({ source: 'dtsen', limit: 20 }),
    'BatchRepository.pageAfter': (r) => repo(r).pageAfter(100, 50),
    'BatchRepository.find': (r) => repo(r).find(1),
    'BatchRepository.get': (r) => repo(r).get(1),
    newestDtsenSnapshot: (r) => newestDtsenSnapshot(r.db),
    createBatch: (r) =>
      createBatch(r.tx, {
        source: 'dtsen',
        file_name: 'dtsen.csv',
        content_hash: 'abc',
        program_code: null,
        period: null,
        snapshot_date: '2026-01-31',
        created_by: 'admin',
        meta: {},
      }),
    finishBatch: (r) => finishBatch(r.tx, 1, { total: 10, accepted: 9, rejected: 1, warnings: [], meta: {} }),
    lockBatchForRevert: (r) => lockBatchForRevert(r.tx, 1),
    markReverted: (r) => markReverted(r.tx, 1, 'admin'),
  },
};

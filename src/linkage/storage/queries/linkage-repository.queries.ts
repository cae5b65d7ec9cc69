import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../linkage-repository.js';
import { LinkageRepository } from '../linkage-repository.js';

const repo = (r: { db: ConstructorParameters<typeof LinkageRepository>[0] }) => new LinkageRepository(r.db);

export const linkageRepositoryQueries: RepositoryQueries = {
  repository: 'src/linkage/storage/linkage-repository.ts',
  module,
  queries: {
    'LinkageRepository.recordRun': (r) => {
      r.answer([{ id: 1 }]);
      return repo(r).recordRun({
        kind: 'link',
        leftSource: 'dtsen',
        rightSource: 'bansos',
        settings: {},
        model: {},
        blocking: {},
        quality: null,
        candidatePairs: 10,
        matches: 5,
        startedAt: new Date('2026-01-01T00:00:00Z'),
        runBy: 'admin',
        review: [{ leftKey: 'a', rightKey: 'b', probability: 0.8, explanation: { nik: 2 } }],
      });
    },
    'LinkageRepository.runs': (r) => repo(r).runs(20),
    'LinkageRepository.openReview': (r) => repo(r).openReview(1),
    'LinkageRepository.decide': (r) =>
      repo(r).decide({
        leftKey: 'a',
        rightKey: 'b',
        decision: 'match',
        decidedBy: 'admin',
        note: 'same NIK',
      }),
    'LinkageRepository.decisions': (r) => repo(r).decisions(),
  },
};

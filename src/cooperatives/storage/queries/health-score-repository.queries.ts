import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../health-score-repository.js';
import { monthEndsToScore, replaceHealthScores } from '../health-score-repository.js';

export const healthScoreRepositoryQueries: RepositoryQueries = {
  repository: 'src/cooperatives/storage/health-score-repository.ts',
  module,
  queries: {
    monthEndsToScore: (r) => monthEndsToScore(r.tx, '53'),
    replaceHealthScores: (r) => replaceHealthScores(r.tx, '53', []),
  },
};

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../compute-sql.js';
import {
  fullRefreshStartSql,
  fullRefreshStatements,
  householdEstimateSql,
  nationStatements,
  provinceStatements,
  refreshStatements,
} from '../compute-sql.js';
import { SAMPLE_DEFINITION } from './sample-definition.js';

export const computeSqlQueries: RepositoryQueries = {
  repository: 'src/indicators/compute-sql.ts',
  module,
  queries: {
    refreshStatements: async (r) => {
      for (const s of refreshStatements(SAMPLE_DEFINITION, 1, '53.01')) await s.execute(r.db);
    },
    provinceStatements: async (r) => {
      for (const s of provinceStatements(SAMPLE_DEFINITION, 1, '53')) await s.execute(r.db);
    },
    fullRefreshStartSql: async (r) => {
      for (const s of fullRefreshStartSql(SAMPLE_DEFINITION.id)) await s.execute(r.db);
    },
    householdEstimateSql: async (r) => {
      await householdEstimateSql().execute(r.db);
    },
    fullRefreshStatements: async (r) => {
      for (const s of fullRefreshStatements(SAMPLE_DEFINITION, 2, true)) await s.execute(r.db);
      for (const s of fullRefreshStatements(SAMPLE_DEFINITION, 1, false).slice(3, 4)) await s.execute(r.db);
    },
    nationStatements: async (r) => {
      for (const s of nationStatements(SAMPLE_DEFINITION.id, 1, ['53', '61'])) await s.execute(r.db);
    },
  },
  notQueries: {
    subtreeInsertSql: 'a statement of refreshStatements',
    rollupInsertSql: 'a statement of refreshStatements',
    deleteSql: 'a statement of refreshStatements',
    partitionName: 'a table name, no query',
  },
};

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../indicator-repository.js';
import { IndicatorRepository } from '../indicator-repository.js';
import { SAMPLE_DEFINITION } from './sample-definition.js';

const repo = (r: { db: ConstructorParameters<typeof IndicatorRepository>[0] }) =>
  new IndicatorRepository(r.db);

export const indicatorRepositoryQueries: RepositoryQueries = {
  repository: 'src/indicators/indicator-repository.ts',
  module,
  queries: {
    'IndicatorRepository.versionFor': (r) => repo(r).versionFor('core', SAMPLE_DEFINITION),
    'IndicatorRepository.storedVersion': (r) => repo(r).storedVersion(SAMPLE_DEFINITION),
    'IndicatorRepository.values': (r) =>
      repo(r).values({
        indicatorId: 'extreme_poor_share',
        version: 1,
        region: '53',
        period: '2026-01',
        disaggregation: 'decile',
      }),
    'IndicatorRepository.values (children)': (r) =>
      repo(r).values({ indicatorId: 'extreme_poor_share', version: 1, region: '53', children: true }),
    'IndicatorRepository.latestPeriod': (r) => repo(r).latestPeriod('extreme_poor_share', 1, '53', '____-__'),
    'IndicatorRepository.latestRefreshes': (r) => repo(r).latestRefreshes(),
    'IndicatorRepository.recordRefresh': (r) =>
      repo(r).recordRefresh({
        indicator_id: 'extreme_poor_share',
        version: 1,
        region_code: '53',
        source_mark: 'm',
        rows_written: 10,
        duration_ms: 5,
        refreshed_by: 'admin',
      }),
    'IndicatorRepository.refreshHistory': (r) => repo(r).refreshHistory(),
  },
};

import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../region-repository.js';
import { RegionRepository } from '../region-repository.js';

const repo = (r: { db: ConstructorParameters<typeof RegionRepository>[0] }) => new RegionRepository(r.db);

export const regionRepositoryQueries: RepositoryQueries = {
  repository: 'src/regions/region-repository.ts',
  module,
  queries: {
    'RegionRepository.stats': (r) => repo(r).stats(),
    'RegionRepository.find': (r) => repo(r).find('53.01'),
    'RegionRepository.show': (r) => {
      r.answer([{ code: '53.01', name: 'KUPANG', level: 2, parent_code: '53' }]);
      return repo(r).show('53.01');
    },
    'RegionRepository.children': (r) => repo(r).children('53'),
    'RegionRepository.children (provinces)': (r) => repo(r).children(null),
    'RegionRepository.descendants': (r) => repo(r).descendants('53', 4),
    'RegionRepository.names': (r) => repo(r).names(['53', '53.01']),
    'RegionRepository.existing': (r) => repo(r).existing(['53', '53.01']),
  },
  notQueries: { requireRegionCodeShape: 'checks text only' },
};

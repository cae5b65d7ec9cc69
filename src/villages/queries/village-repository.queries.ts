import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../village-repository.js';
import { VillageRepository } from '../village-repository.js';

const SAMPLE_PROFILE = {
  mainLivelihoods: ['farming'],
  commodities: ['maize'],
  hasMarket: true,
  marketDistanceKm: 3,
  roadAccess: 'paved',
  hasElectricity: true,
  hasInternet: false,
  bumdesCount: 1,
  bumdesActive: true,
  cooperativeReadiness: 3,
};

const repo = (r: { db: ConstructorParameters<typeof VillageRepository>[0] }) => new VillageRepository(r.db);

export const villageRepositoryQueries: RepositoryQueries = {
  repository: 'src/villages/village-repository.ts',
  module,
  queries: {
    'VillageRepository.upsertProfile': (r) =>
      repo(r).upsertProfile({ villageCode: '53.01.01.2001', notes: null, ...SAMPLE_PROFILE }, 'admin'),
    'VillageRepository.getProfile': (r) => repo(r).getProfile('53.01.01.2001'),
    'VillageRepository.historyCount': (r) => repo(r).historyCount('53.01.01.2001'),
    'VillageRepository.facts': (r) => repo(r).facts('53'),
    'VillageRepository.facts (all)': (r) => repo(r).facts(null),
  },
};

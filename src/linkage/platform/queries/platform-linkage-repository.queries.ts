import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../platform-linkage-repository.js';
import { PlatformLinkageRepository } from '../platform-linkage-repository.js';

const repo = (r: { db: ConstructorParameters<typeof PlatformLinkageRepository>[0] }) =>
  new PlatformLinkageRepository(r.db);

export const platformLinkageRepositoryQueries: RepositoryQueries = {
  repository: 'src/linkage/platform/platform-linkage-repository.ts',
  module,
  queries: {
    'PlatformLinkageRepository.referencePersons': (r) => repo(r).referencePersons(),
    'PlatformLinkageRepository.unlinkedRows': (r) => repo(r).unlinkedRows('program_enrolments'),
    'PlatformLinkageRepository.unlinkedRows (members)': (r) => repo(r).unlinkedRows('cooperative_members'),
    'PlatformLinkageRepository.truth': (r) => repo(r).truth('program_enrolments', [1, 2]),
    'PlatformLinkageRepository.latestTrainedModel': (r) => repo(r).latestTrainedModel(1000),
    'PlatformLinkageRepository.lock': (r) => repo(r).lock(),
    'PlatformLinkageRepository.personsByNik': (r) => repo(r).personsByNik(['3201010101900001']),
    'PlatformLinkageRepository.personsByKk': (r) => repo(r).personsByKk(['3201010101900002']),
    'PlatformLinkageRepository.assignPersonEntities': (r) => repo(r).assignPersonEntities(1),
    'PlatformLinkageRepository.assignUnlinkedEntities': (r) =>
      repo(r).assignUnlinkedEntities(['program_enrolments', 'cooperative_members'], 1),
    'PlatformLinkageRepository.writeLinks': (r) =>
      repo(r).writeLinks('program_enrolments', 1, [
        { id: 1, personId: 2, probability: 0.97, reviewed: false },
      ]),
  },
};

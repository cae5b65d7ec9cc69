import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../consent-repository.js';
import { ConsentRepository, consentHistoryQuery, latestConsentPerSubject } from '../consent-repository.js';

export const consentRepositoryQueries: RepositoryQueries = {
  repository: 'src/consent/consent-repository.ts',
  module,
  queries: {
    'ConsentRepository.household': (r) => new ConsentRepository(r.db).household(1),
    'ConsentRepository.personHousehold': (r) => new ConsentRepository(r.db).personHousehold(1),
    'ConsentRepository.subjectBirthDate': (r) => new ConsentRepository(r.db).subjectBirthDate(1, 2),
    'ConsentRepository.insert': (r) =>
      new ConsentRepository(r.db).insert({
        province_code: '32',
        household_id: 1,
        person_id: 2,
        purpose: 'cooperative_membership',
        status: 'given',
        method: 'written',
        decided_at: '2026-01-01',
        recorded_by: 'operator',
      }),
    'ConsentRepository.latestPerSubject': (r) => new ConsentRepository(r.db).latestPerSubject(1),
    latestConsentPerSubject: (r) => latestConsentPerSubject(r.db, 1).execute(),
    consentHistoryQuery: (r) => consentHistoryQuery(r.db).execute(),
  },
};

import { sql, type SqlBool } from 'kysely';
import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../enrolment-repository.js';
import { EnrolmentRepository } from '../enrolment-repository.js';

const repo = (r: { db: ConstructorParameters<typeof EnrolmentRepository>[0] }) =>
  new EnrolmentRepository(r.db);
const wavePilot = { id: 1, cluster_kind: 'village', policy_row_id: 3, member_treatments: ['member'] };

export const enrolmentRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/enrolment/enrolment-repository.ts',
  module,
  queries: {
    'EnrolmentRepository.record': (r) => repo(r).record(1),
    'EnrolmentRepository.latestEnrolmentConsent': (r) => repo(r).latestEnrolmentConsent(2),
    'EnrolmentRepository.clusterStatus': (r) => repo(r).clusterStatus(1, { clusterId: 4 }),
    'EnrolmentRepository.clusterStatus (village)': (r) =>
      repo(r).clusterStatus(1, { villageCode: '53.01.01.2001' }),
    'EnrolmentRepository.clusterStatus (cooperative)': (r) => repo(r).clusterStatus(1, { cooperativeId: 9 }),
    'EnrolmentRepository.insertEvent': (r) =>
      repo(r).insertEvent({
        version: 1,
        province_code: '53',
        enrolment_id: 1,
        to_state: 'identified',
        occurred_at: new Date('2026-01-01T00:00:00Z'),
        actor: 'admin',
      }),
    'EnrolmentRepository.wave': (r) => repo(r).wave(1, 1),
    'EnrolmentRepository.treatedClustersOfWave': (r) => repo(r).treatedClustersOfWave(2, 1),
    'EnrolmentRepository.identifyHeads': (r) => repo(r).identifyHeads(wavePilot, 1, [4, 5]),
    'EnrolmentRepository.identifyHeads (cooperative)': (r) =>
      repo(r).identifyHeads({ ...wavePilot, cluster_kind: 'cooperative' }, 1, [4, 5]),
    'EnrolmentRepository.insertIdentifiedEvents': (r) =>
      repo(r).insertIdentifiedEvents(1, 1, 'admin', 'wave opened'),
    'EnrolmentRepository.markWaveOpened': (r) => repo(r).markWaveOpened(1, 'admin'),
    'EnrolmentRepository.personWithHousehold': (r) => repo(r).personWithHousehold(2),
    'EnrolmentRepository.pilot': (r) => repo(r).pilot(1),
    'EnrolmentRepository.currentDecision': (r) => repo(r).currentDecision(1, 3),
    'EnrolmentRepository.insertEnrolment': (r) =>
      repo(r).insertEnrolment({
        pilot_id: 1,
        province_code: '53',
        village_code: '53.01.01.2001',
        cluster_id: 4,
        wave_no: 1,
        treatment: 'member',
        household_id: 1,
        person_id: 2,
      }),
    'EnrolmentRepository.lockEnrolment': (r) => repo(r).lockEnrolment(1),
    'EnrolmentRepository.updateEnrolment': (r) => repo(r).updateEnrolment(1, { state: 'consented' }),
    'EnrolmentRepository.activateMembership': (r) => repo(r).activateMembership(1),
    'EnrolmentRepository.leaveMembership': (r) => repo(r).leaveMembership(1, '2026-06-30'),
    'EnrolmentRepository.lockCooperative': (r) => repo(r).lockCooperative(9),
    'EnrolmentRepository.personForMembership': (r) => repo(r).personForMembership(2),
    'EnrolmentRepository.currentMemberships': (r) =>
      repo(r).currentMemberships(9, { id: 2, entity_id: 3, nik: '5301010101800001' }),
    'EnrolmentRepository.memberNoTaken': (r) => repo(r).memberNoTaken(9, 'A-001'),
    'EnrolmentRepository.insertMember': (r) =>
      repo(r).insertMember({
        cooperative_id: 9,
        person_id: 2,
        name: 'SITI',
        name_normalized: 'siti',
        member_no: 'A-001',
      }),
    'EnrolmentRepository.openEnrolmentsOf': (r) => repo(r).openEnrolmentsOf(1, 2),
    'EnrolmentRepository.funnelCounts': (r) =>
      repo(r).funnelCounts(sql<SqlBool>`e.village_code LIKE ${'53.%'}`, 1),
    'EnrolmentRepository.funnelCounts (whole scope)': (r) => repo(r).funnelCounts(null),
  },
};

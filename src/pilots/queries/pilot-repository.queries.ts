import type { RepositoryQueries } from '../../db/sql-recorder.js';
import * as module from '../pilot-repository.js';
import { PilotRepository } from '../pilot-repository.js';

const repo = (r: { db: ConstructorParameters<typeof PilotRepository>[0] }) => new PilotRepository(r.db);

export const pilotRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/pilot-repository.ts',
  module,
  queries: {
    'PilotRepository.region': (r) => repo(r).region('53.01'),
    'PilotRepository.latestPolicyVersion': (r) => repo(r).latestPolicyVersion('koperasi-desa'),
    'PilotRepository.nameTaken': (r) => repo(r).nameTaken('Pilot Kupang'),
    'PilotRepository.insertPilot': (r) => {
      r.answer([{ id: 1 }]);
      return repo(r).insertPilot(
        {
          name: 'Pilot Kupang',
          region_code: '53.01',
          design: 'stepped_wedge',
          member_treatments: ['member'],
          created_by: 'admin',
        },
        (pilotId) => [
          {
            pilot_id: pilotId,
            province_code: '53',
            cluster_key: '53.01.01.2001',
            village_code: '53.01.01.2001',
            stratum: 's1',
          },
        ],
        (pilotId) => [{ pilot_id: pilotId, wave_no: 1, starts_on: '2026-01-01' }],
      );
    },
    'PilotRepository.lockPilot': (r) => repo(r).lockPilot(1),
    'PilotRepository.publishedDraw': (r) => repo(r).publishedDraw(1),
    'PilotRepository.draftDraw': (r) => repo(r).draftDraw(1),
    'PilotRepository.clusters': (r) => repo(r).clusters(1),
    'PilotRepository.insertDraftDraw': (r) => {
      r.answer([{ id: 2 }]);
      return repo(r).insertDraftDraw(
        {
          pilot_id: 1,
          created_by: 'admin',
          algorithm: 'stratified-shuffle',
          code_version: '1',
          seed: 'seed',
          input_sha256: 'in',
          output_sha256: 'out',
          summary: '{}',
        },
        (randomizationId) => [
          {
            randomization_id: randomizationId,
            province_code: '53',
            cluster_id: 1,
            arm: 'treatment',
            wave_no: 1,
          },
        ],
      );
    },
    'PilotRepository.publishDraw': (r) => repo(r).publishDraw(1, { id: 2, supersedes: 1 }, 'admin'),
    'PilotRepository.latestDraw': (r) => repo(r).latestDraw(1),
    'PilotRepository.assignments': (r) => repo(r).assignments(2),
    'PilotRepository.pilot': (r) => repo(r).pilot(1),
    'PilotRepository.waves': (r) => repo(r).waves(1),
  },
};

import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../verification-repository.js';
import * as verification from '../verification-repository.js';

export const verificationRepositoryQueries: RepositoryQueries = {
  repository: 'src/pilots/verification/verification-repository.ts',
  module,
  queries: {
    proposalRecord: (r) => verification.proposalRecord(r, 3),
    proposalRecords: (r) => verification.proposalRecords(r, [3, 4]),
    lockedProposal: (r) => verification.lockedProposal(r.tx, 3),
    householdFacts: (r) => verification.householdFacts(r.db, 21, false),
    'householdFacts (locked)': (r) => verification.householdFacts(r.db, 21, true),
    personFacts: (r) => verification.personFacts(r.db, 40, false),
    'personFacts (locked)': (r) => verification.personFacts(r.db, 40, true),
    insertProposal: (r) => {
      r.answer([{ id: 3 }]);
      return verification.insertProposal(r.tx, {
        village_code: '53.01.01.2001',
        household_id: 21,
        person_id: 40,
        kind: 'deceased',
        proposed: { deceased_on: '2026-01-20' },
        current_values: { deceased_on: null },
        evidence: 'surat kematian',
        documents: ['SK-12'],
        proposed_by: 'pendamping',
      });
    },
    isVillage: (r) => verification.isVillage(r.db, '53.01.01.2002'),
    insertVerificationBatch: (r) => {
      r.answer([{ id: 8 }]);
      return verification.insertVerificationBatch(r.tx, 'reviewer', {
        proposal_id: 3,
        kind: 'deceased',
        changes: 1,
      });
    },
    applyChange: (r) =>
      verification.applyChange(
        r.tx,
        { op: 'update', table: 'persons', id: 40, set: { deceased_on: '2026-01-20' } },
        8,
      ),
    'applyChange (new member)': (r) => {
      r.answer([{ province_code: '53' }]);
      return verification.applyChange(
        r.tx,
        {
          op: 'insert_person',
          householdId: 21,
          values: {
            nik: '5301014101200001',
            name: 'Ani',
            sex: 'P',
            birth_date: '2020-01-01',
            relation: 3,
            disability: false,
          },
        },
        8,
      );
    },
    setReview: (r) =>
      verification.setReview(r.tx, 3, {
        status: 'accepted',
        reviewed_by: 'reviewer',
        review_reason: 'checked',
        deliberation_ref: 'BA-4',
        batch_id: 8,
      }),
    acceptedProposals: (r) =>
      verification.acceptedProposals(r, { regions: ['53.01'], from: '2026-01-01', to: '2026-12-31' }),
    listProposals: (r) =>
      verification.listProposals(r, { regions: ['53.01'], status: 'proposed', limit: 50 }),
  },
};

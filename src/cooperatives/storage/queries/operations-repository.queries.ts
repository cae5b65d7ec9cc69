import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../operations-repository.js';
import * as ops from '../operations-repository.js';

const books = { cooperativeId: 9, provinceCode: '53', villageCode: '53.01.01.2001' };
const founding: ops.FoundingRow = {
  id: 3,
  province_code: '53',
  village_code: '53.01.01.2001',
  name: 'Koperasi Desa Merah Putih',
  status: 'open',
  cooperative_id: null,
  created_by: 'admin',
};

export const operationsRepositoryQueries: RepositoryQueries = {
  repository: 'src/cooperatives/storage/operations-repository.ts',
  module,
  queries: {
    insertSession: (r) => {
      r.answer([{ id: 1 }], [{ id: 2 }]);
      return ops.insertSession(
        r.tx,
        books,
        {
          heldOn: '2026-02-01',
          mentor: 'Pendamping',
          topic: 'Buku kas',
          attendees: ['Ketua'],
          findings: 'rapi',
        },
        [{ action: 'Tutup buku', dueOn: '2026-03-01' }],
        'pendamping',
      );
    },
    sessionsOf: (r) => ops.sessionsOf(r.db, books, { from: '2026-01-01', to: '2026-12-31' }),
    followupOf: (r) => ops.followupOf(r.db, books, 2),
    closeFollowupRow: (r) => ops.closeFollowupRow(r.tx, books, 2, '2026-02-20', 'done', 'pendamping'),
    setBusinessUnitsRow: (r) => ops.setBusinessUnitsRow(r.tx, 9, ['simpan_pinjam', 'sembako']),
    businessUnitsOf: (r) => ops.businessUnitsOf(r.db, 9),
    currentOfficers: (r) => ops.currentOfficers(r.db, 9, '2026-02-01'),
    insertOfficer: (r) =>
      ops.insertOfficer(r.tx, 9, {
        position: 'ketua',
        name: 'SITI',
        nik: '5301010101800001',
        kk: null,
        exOfficio: false,
        startDate: '2026-01-01',
      }),
    officerOf: (r) => ops.officerOf(r.db, 9, 4),
    endOfficerRow: (r) => ops.endOfficerRow(r.tx, 4, '2026-12-31'),
    insertMemberEvent: (r) =>
      ops.insertMemberEvent(
        r.tx,
        books,
        { memberId: 5, kind: 'joined', date: '2026-01-05', entryId: 11, details: {} },
        'admin',
      ),
    memberEvents: (r) => ops.memberEvents(r.db, books, 5),
    cooperativeOfMember: (r) => ops.cooperativeOfMember(r.db, 5),
    markMemberLeft: (r) => ops.markMemberLeft(r.tx, 5, '2026-06-30'),
    upsertRat: (r) => ops.upsertRat(r.tx, books, 2025, '2026-03-15', 'admin'),
    healthCounts: (r) => ops.healthCounts(r.db, books, '2026-01-31', '2025-01-31'),
    ratHeldOn: (r) => ops.ratHeldOn(r.db, books, 2025),
    savingsTarget: (r) => ops.savingsTarget(r.db, books),
    insertFounding: (r) => ops.insertFounding(r.tx, '53.01.01.2001', 'Koperasi Desa Merah Putih', 'admin'),
    foundingById: (r) => ops.foundingById(r.db, 3),
    foundingSteps: (r) => ops.foundingSteps(r.db, founding),
    insertFoundingStep: (r) =>
      ops.insertFoundingStep(
        r.tx,
        founding,
        { step: 'founders', doneOn: '2026-01-10', document: 'BA-1', details: { founders: 12 } },
        'admin',
      ),
    villageServed: (r) => ops.villageServed(r.db, '53.01.01.2001'),
    registerFoundingRows: (r) => {
      r.answer([{ id: 9 }]);
      return ops.registerFoundingRows(r.tx, founding, {
        registrationNo: 'AHU-0001',
        kind: 'desa',
        establishedOn: '2026-02-01',
      });
    },
    registrationTaken: (r) => ops.registrationTaken(r.db, 'AHU-0001'),
    memberRegister: (r) => ops.memberRegister(r.db, books),
    cooperativeHeader: (r) => ops.cooperativeHeader(r.db, 9),
  },
};

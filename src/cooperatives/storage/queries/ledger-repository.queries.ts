import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import { credit, debit, type Posting } from '../../ledger/posting.js';
import * as module from '../ledger-repository.js';
import * as ledger from '../ledger-repository.js';

const books = { cooperativeId: 9, provinceCode: '53', villageCode: '53.01.01.2001' };
const deposit: Posting = {
  cooperativeId: 9,
  date: '2026-02-01',
  kind: 'savings.wajib.deposit',
  period: '2026-02',
  memo: '',
  idempotencyKey: 'wajib-5-2026-02',
  reversesId: null,
  lines: [debit('1100', 50_000n), credit('3200', 50_000n, { memberId: 5 })],
};
const withdrawal: Posting = {
  ...deposit,
  kind: 'savings.sukarela.withdrawal',
  period: null,
  idempotencyKey: 'sukarela-5-out',
  lines: [debit('2100', 20_000n, { memberId: 5 }), credit('1100', 20_000n)],
};

export const ledgerRepositoryQueries: RepositoryQueries = {
  repository: 'src/cooperatives/storage/ledger-repository.ts',
  module,
  queries: {
    openBooks: (r) => {
      r.answer([{ id: 9, village_code: '53.01.01.2001' }]);
      return ledger.openBooks(r.tx, 9);
    },
    ensureChart: (r) => ledger.ensureChart(r.tx, [books]),
    lockBooks: (r) => ledger.lockBooks(r.tx, [9, 4]),
    findByKey: (r) => ledger.findByKey(r.db, books, 'wajib-5-2026-02'),
    postEntries: (r) => ledger.postEntries(r.tx, new Map([[9, books]]), [deposit, withdrawal], 'bendahara'),
    'postEntries (a set of 500 or more)': (r) =>
      ledger.postEntries(
        r.tx,
        new Map([[9, books]]),
        Array.from({ length: 500 }, (_, i) => ({ ...deposit, idempotencyKey: `wajib-${i}` })),
        'bendahara',
      ),
    entryWithLines: (r) => {
      r.answer([{ id: 11, kind: 'savings.wajib.deposit', entry_date: '2026-02-01', reverses_id: null }]);
      return ledger.entryWithLines(r.db, books, 11);
    },
    accountTotals: (r) => ledger.accountTotals(r.db, books),
    'accountTotals (dated)': (r) =>
      ledger.accountTotals(r.db, books, { from: '2026-01-01', to: '2026-12-31' }),
    'accountTotals (every cooperative)': (r) => ledger.accountTotals(r.db, null),
    balanceDrift: (r) => ledger.balanceDrift(r.db, 9),
  },
};

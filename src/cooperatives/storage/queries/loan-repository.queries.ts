import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../loan-repository.js';
import * as loans from '../loan-repository.js';

const books = { cooperativeId: 9, provinceCode: '53', villageCode: '53.01.01.2001' };
const rate = { numerator: 12n, denominator: 100n, percent: '12' };
const installments = [
  { n: 1, due_date: '2026-03-01', principal: 500_000n, interest: 10_000n },
  { n: 2, due_date: '2026-04-01', principal: 500_000n, interest: 5_000n },
];

export const loanRepositoryQueries: RepositoryQueries = {
  repository: 'src/cooperatives/storage/loan-repository.ts',
  module,
  queries: {
    insertLoan: (r) =>
      loans.insertLoan(r.tx, books, {
        memberId: 5,
        direction: 'member',
        lender: null,
        principal: 1_000_000n,
        annualRate: rate,
        months: 2,
        graceMonths: 0,
        method: 'flat',
        disbursedOn: '2026-02-01',
      }),
    insertInstallments: (r) => loans.insertInstallments(r.tx, books, 7, 0, installments),
    loanIdOfEntry: (r) => loans.loanIdOfEntry(r.db, books, 11),
    loanOfBooks: (r) => loans.loanOfBooks(r.db, books, 7),
    loanVersion: (r) => loans.loanVersion(r.db, books, 7),
    installmentsOf: (r) => loans.installmentsOf(r.db, books, 7, 0),
    loanLineSums: (r) =>
      loans.loanLineSums(r.db, books, 7, 'member', { principal: '1300', interest: '4100', penalty: '4200' }),
    entryLineAmounts: (r) => loans.entryLineAmounts(r.db, books, 11),
    insertCharge: (r) => loans.insertCharge(r.tx, books, 7, '2026-03-05', 5_000n, 'late'),
    loanEventByKey: (r) => loans.loanEventByKey(r.db, books, 'penalty-7-1'),
    insertLoanEvent: (r) =>
      loans.insertLoanEvent(r.tx, books, {
        loanId: 7,
        kind: 'penalty',
        date: '2026-03-05',
        details: { request: { amount: '5000', reason: 'late' } },
        entryId: null,
        idempotencyKey: 'penalty-7-1',
        recordedBy: 'bendahara',
      }),
    markWrittenOff: (r) => loans.markWrittenOff(r.tx, books, 7, '2026-12-31'),
    setScheduleVersion: (r) => loans.setScheduleVersion(r.tx, books, 7, 1),
    bankLoanRows: (r) => loans.bankLoanRows(r.db, books, '2026-12-31'),
  },
};

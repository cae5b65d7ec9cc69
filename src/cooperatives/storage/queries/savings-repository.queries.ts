import type { RepositoryQueries } from '../../../db/sql-recorder.js';
import * as module from '../savings-repository.js';
import * as savings from '../savings-repository.js';

const books = { cooperativeId: 9, provinceCode: '53', villageCode: '53.01.01.2001' };

export const savingsRepositoryQueries: RepositoryQueries = {
  repository: 'src/cooperatives/storage/savings-repository.ts',
  module,
  queries: {
    savingsConfigRow: (r) => savings.savingsConfigRow(r.db, books),
    upsertSavingsConfig: (r) =>
      savings.upsertSavingsConfig(r.tx, books, { pokok: 100_000n, wajib: 25_000n, wajibFrom: '2026-01' }),
    memberOfBooks: (r) => savings.memberOfBooks(r.db, books, 5),
    memberAccountBalance: (r) => savings.memberAccountBalance(r.db, books, 5, '3200'),
    openLoanCount: (r) => savings.openLoanCount(r.db, books, 5),
    setMemberLeftOn: (r) => savings.setMemberLeftOn(r.tx, 5, '2026-06-30'),
  },
};

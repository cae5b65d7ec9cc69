/**
 * A cooperative's reports as tables (for CSV/XLSX) and the RAT report as one PDF, from the books alone
 * (coop-reports.ts) and the member register. Bahasa Indonesia by default, English on request.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { csvBuffer, xlsxBuffer } from '../shared/spreadsheet-buffer.js';
import { financialStatements, loanPortfolio, savingsBalances, shuReport } from './coop-reports.js';
import type { ShuParameters } from './ledger/shu.js';
import { renderReportPdf } from './reports/report-pdf.js';
import {
  balanceSheetTable,
  loansTable,
  memberRegisterTable,
  savingsTable,
  shuTable,
  type ReportKind,
  type ReportLang,
  type ReportTable,
} from './reports/report-tables.js';
import type { Books } from './storage/ledger-repository.js';
import { cooperativeHeader, memberRegister } from './storage/operations-repository.js';

export interface ReportOptions {
  year: number;
  lang: ReportLang;
  /** The RAT's SHU split; without it the SHU report shows the surplus only. */
  shu?: ShuParameters | undefined;
}

export async function reportTable(
  db: Kysely<DB>,
  books: Books,
  kind: ReportKind,
  o: ReportOptions,
): Promise<ReportTable> {
  const from = `${o.year}-01-01`;
  const to = `${o.year}-12-31`;
  const names = async () => new Map((await memberRegister(db, books)).map((m) => [m.id, m.name]));
  switch (kind) {
    case 'members':
      return memberRegisterTable(await memberRegister(db, books), o.lang);
    case 'savings':
      return savingsTable(await savingsBalances(db, books), o.lang);
    case 'loans':
      return loansTable(await loanPortfolio(db, books, to), await names(), o.lang);
    case 'balance-sheet':
      return balanceSheetTable(await financialStatements(db, books, from, to), o.lang);
    case 'shu': {
      const statements = await financialStatements(db, books, from, to);
      const distribution = o.shu ? await shuReport({ db }, books, o.year, o.shu) : null;
      return shuTable(o.year, statements.income_statement.surplus, distribution, await names(), o.lang);
    }
  }
}

export async function reportFile(
  db: Kysely<DB>,
  books: Books,
  kind: ReportKind,
  format: 'csv' | 'xlsx',
  o: ReportOptions,
): Promise<{ table: ReportTable; body: Buffer }> {
  const table = await reportTable(db, books, kind, o);
  const body =
    format === 'csv'
      ? csvBuffer(table.headers, table.rows)
      : await xlsxBuffer(table.headers, table.rows, kind);
  return { table, body };
}

/** Everything the RAT reads: members, savings, loans and PAR, balance sheet and income statement, SHU. */
export async function ratReportPdf(
  db: Kysely<DB>,
  books: Books,
  o: ReportOptions & { generatedAt: Date },
): Promise<{ body: Buffer; tables: number }> {
  const kinds: ReportKind[] = ['members', 'savings', 'loans', 'balance-sheet', 'shu'];
  const tables: ReportTable[] = [];
  for (const k of kinds) tables.push(await reportTable(db, books, k, o));
  const coop = await cooperativeHeader(db, books.cooperativeId);
  const body = await renderReportPdf(tables, {
    cooperativeName: coop.name,
    registrationNo: coop.registration_no,
    villageCode: books.villageCode,
    year: o.year,
    generatedAt: o.generatedAt,
    lang: o.lang,
  });
  return { body, tables: tables.length };
}

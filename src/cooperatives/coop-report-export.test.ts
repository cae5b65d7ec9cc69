import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from '../testing/pdf-text.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { ratReportPdf, reportFile, reportTable } from './coop-report-export.js';
import { parseAnnualRatePercent } from './finance/exact-rate.js';
import { disburseLoan, repayLoan } from './loan-service.js';
import { formatRupiah } from './reports/report-tables.js';
import { configureSavings, postSavings, type PostMeta } from './savings-service.js';
import { openBooks, type Books } from './storage/ledger-repository.js';
import { buildCooperative, type BuiltCooperative } from './testing/coop-builders.js';

const meta = (key: string, date: string): PostMeta => ({ date, idempotencyKey: key, postedBy: 'test' });

describe('rupiah formatting', () => {
  it('groups digits of the integer in either language', () => {
    expect(formatRupiah(1_234_567n, 'id')).toBe('Rp1.234.567');
    expect(formatRupiah(1_234_567n, 'en')).toBe('Rp1,234,567');
    expect(formatRupiah(999n, 'id')).toBe('Rp999');
    expect(formatRupiah(-1000n, 'id')).toBe('−Rp1.000');
  });
});

describe.each(testEngines())('cooperative reports on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let coop: BuiltCooperative;
  let books: Books;

  beforeAll(async () => {
    coop = await buildCooperative(ctx.database, { members: 2, name: 'Kopdes Laporan' });
    const [m1, m2] = coop.memberIds as [number, number];
    books = await ctx.database.transaction(async (tx) => {
      await configureSavings(tx, coop.cooperativeId, {
        pokok: 100_000n,
        wajib: 20_000n,
        wajibFrom: '2026-01',
      });
      for (const m of [m1, m2])
        await postSavings(
          tx,
          coop.cooperativeId,
          { kind: 'deposit', product: 'pokok', memberId: m, amount: 100_000n },
          meta(`p${m}`, '2026-01-10'),
        );
      await postSavings(
        tx,
        coop.cooperativeId,
        { kind: 'deposit', product: 'sukarela', memberId: m1, amount: 1_000_000n },
        meta('s1', '2026-01-11'),
      );
      // Flat 12 %: 100,000 principal + 12,000 interest a month for 12 months.
      const loan = await disburseLoan(
        tx,
        coop.cooperativeId,
        {
          memberId: m2,
          principal: 1_200_000n,
          annualRate: parseAnnualRatePercent('12', 'rate'),
          months: 12,
          method: 'flat',
          graceMonths: 0,
        },
        meta('l1', '2026-02-01'),
      );
      await repayLoan(tx, coop.cooperativeId, loan.loanId, 112_000n, meta('r1', '2026-03-01'));
      return openBooks(tx, coop.cooperativeId);
    });
  });

  it('tables hold the books’ figures in whole rupiah, in Indonesian or English', async () => {
    const o = { year: 2026, lang: 'id' as const };
    const members = await reportTable(ctx.database.db, books, 'members', o);
    expect(members.headers).toEqual(['No. anggota', 'Nama', 'Tanggal masuk', 'Tanggal keluar', 'Status']);
    expect(members.rows).toHaveLength(2);
    const savings = await reportTable(ctx.database.db, books, 'savings', o);
    expect(savings.rows.map((r) => r.slice(2))).toEqual([
      [100_000, 0, 1_000_000, 1_100_000],
      [100_000, 0, 0, 100_000],
    ]);
    expect(savings.notes[0]).toBe(
      'Jumlah: pokok Rp200.000, wajib Rp0, sukarela Rp1.000.000, seluruhnya Rp1.200.000',
    );
    // On 31 December 2026 the loan is 9 installments late (April…December): all of it is PAR30 and PAR90.
    const loans = await reportTable(ctx.database.db, books, 'loans', { ...o, lang: 'en' });
    expect(loans.headers[4]).toBe('Outstanding');
    expect(loans.rows[0]!.slice(3, 5)).toEqual([1_200_000, 1_100_000]);
    expect(loans.notes).toContain('PAR30: 100.00 % (Rp1,100,000, 1 loans)');
    const bs = await reportTable(ctx.database.db, books, 'balance-sheet', o);
    // Cash: 200,000 + 1,000,000 − 1,200,000 + 112,000 = 112,000; receivable 1,100,000; income 12,000.
    expect(bs.notes).toEqual([
      'Jumlah aset: Rp1.212.000',
      'Jumlah kewajiban dan ekuitas: Rp1.212.000',
      'Pendapatan Rp12.000 − beban Rp0 = SHU Rp12.000',
    ]);
    const shu = await reportTable(ctx.database.db, books, 'shu', {
      ...o,
      shu: { reserve: '40', jasaUsaha: '30', jasaModal: '30', others: [] },
    });
    // Pools: 4,800 / 3,600 / 3,600. Jasa usaha all to member 2 (paid the interest); jasa modal 1,100,000 : 100,000.
    // ⌊3,600 × 1,100,000 / 1,200,000⌋ = 3,300 and ⌊3,600 × 100,000 / 1,200,000⌋ = 300.
    expect(shu.rows.map((r) => r.slice(1))).toEqual([
      [0, 3_300, 3_300],
      [3_600, 300, 3_900],
    ]);
    expect(shu.notes).toContain('Sisa pembulatan: Rp0');
  });

  it('CSV and XLSX carry the same integers; the RAT PDF shows every section', async () => {
    const o = { year: 2026, lang: 'id' as const };
    const csv = (await reportFile(ctx.database.db, books, 'savings', 'csv', o)).body.toString('utf8');
    expect(csv.startsWith('\uFEFFNo. anggota,Nama,Simpanan pokok')).toBe(true);
    expect(csv.split('\n')[1]).toMatch(/,Anggota 1,100000,0,1000000,1100000$/);
    const xlsx = (await reportFile(ctx.database.db, books, 'savings', 'xlsx', o)).body;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(xlsx).buffer);
    expect(wb.getWorksheet('savings')!.getRow(2).getCell(5).value).toBe(1_000_000);
    const pdf = await ratReportPdf(ctx.database.db, books, {
      ...o,
      generatedAt: new Date('2027-03-01T00:00:00Z'),
    });
    const text = (await pdfPages(pdf.body)).join(' ');
    for (const heading of [
      'RAT tahun buku 2026',
      'Kopdes Laporan',
      'Daftar anggota',
      'Saldo simpanan anggota',
      'Portofolio pinjaman per 2026-12-31',
      'Neraca per 2026-12-31',
      'Pembagian SHU tahun buku 2026',
      'Rp1.100.000',
    ])
      expect(text).toContain(heading);
    const en = (
      await pdfPages(
        (await ratReportPdf(ctx.database.db, books, { ...o, lang: 'en', generatedAt: new Date() })).body,
      )
    ).join(' ');
    expect(en).toContain('Member savings balances');
  });
});

/**
 * The tables of a cooperative's reports (pure): member register, savings balances, loan portfolio with PAR,
 * balance sheet with the income statement, and the SHU split — each with a title and headers in Bahasa Indonesia
 * or English. Amounts stay whole rupiah: they leave as JSON-safe integers (beyond 2⁵³ is an error, never rounded).
 */
import type { ExportCell } from '../../shared/spreadsheet-export.js';
import type { FinancialStatements, MemberSavings, Portfolio } from '../coop-reports.js';
import type { ShuDistribution } from '../ledger/shu.js';

export type ReportLang = 'id' | 'en';
export const REPORT_KINDS = ['members', 'savings', 'loans', 'balance-sheet', 'shu'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportTable {
  title: string;
  headers: string[];
  rows: ExportCell[][];
  /** Indexes of the columns holding whole rupiah (right-aligned and formatted in the PDF). */
  amounts: number[];
  /** Lines under the table (totals, PAR, remainder). */
  notes: string[];
}

export interface RegisterMember {
  id: number;
  member_no: string | null;
  name: string;
  joined_on: string | null;
  left_on: string | null;
  status: string;
}

const L = (lang: ReportLang, id: string, en: string) => (lang === 'id' ? id : en);

export function rupiahCell(amount: bigint): number {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER))
    throw new RangeError(`amount Rp${amount} is beyond exact range`);
  return Number(amount);
}

/** Rp1.234.567 (Indonesian grouping) or Rp1,234,567, from the integer, without floating point. */
export function formatRupiah(amount: bigint, lang: ReportLang): string {
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'id' ? '.' : ',');
  return `${negative ? '−' : ''}Rp${grouped}`;
}

const STATUS: Record<string, [string, string]> = {
  registered: ['terdaftar', 'registered'],
  active: ['aktif', 'active'],
  left: ['keluar', 'left'],
};

export function memberRegisterTable(members: readonly RegisterMember[], lang: ReportLang): ReportTable {
  return {
    title: L(lang, 'Daftar anggota', 'Member register'),
    headers: [
      L(lang, 'No. anggota', 'Member no.'),
      L(lang, 'Nama', 'Name'),
      L(lang, 'Tanggal masuk', 'Joined on'),
      L(lang, 'Tanggal keluar', 'Left on'),
      L(lang, 'Status', 'Status'),
    ],
    rows: members.map((m) => [
      m.member_no ?? '',
      m.name,
      m.joined_on ?? '',
      m.left_on ?? '',
      (STATUS[m.status] ?? [m.status, m.status])[lang === 'id' ? 0 : 1],
    ]),
    amounts: [],
    notes: [
      L(
        lang,
        `${members.filter((m) => m.left_on === null).length} anggota aktif dari ${members.length} tercatat`,
        `${members.filter((m) => m.left_on === null).length} active of ${members.length} recorded`,
      ),
    ],
  };
}

export function savingsTable(rows: readonly MemberSavings[], lang: ReportLang): ReportTable {
  const sum = (f: (r: MemberSavings) => bigint) => rows.reduce((s, r) => s + f(r), 0n);
  const total = (r: MemberSavings) => r.pokok + r.wajib + r.sukarela;
  return {
    title: L(lang, 'Saldo simpanan anggota', 'Member savings balances'),
    headers: [
      L(lang, 'No. anggota', 'Member no.'),
      L(lang, 'Nama', 'Name'),
      L(lang, 'Simpanan pokok', 'Pokok'),
      L(lang, 'Simpanan wajib', 'Wajib'),
      L(lang, 'Simpanan sukarela', 'Sukarela'),
      L(lang, 'Jumlah', 'Total'),
    ],
    rows: rows.map((r) => [
      r.member_no ?? '',
      r.name,
      rupiahCell(r.pokok),
      rupiahCell(r.wajib),
      rupiahCell(r.sukarela),
      rupiahCell(total(r)),
    ]),
    amounts: [2, 3, 4, 5],
    notes: [
      `${L(lang, 'Jumlah', 'Total')}: pokok ${formatRupiah(
        sum((r) => r.pokok),
        lang,
      )}, wajib ${formatRupiah(
        sum((r) => r.wajib),
        lang,
      )}, sukarela ${formatRupiah(
        sum((r) => r.sukarela),
        lang,
      )}, ${L(lang, 'seluruhnya', 'all')} ${formatRupiah(sum(total), lang)}`,
    ],
  };
}

export function loansTable(
  p: Portfolio,
  memberNames: ReadonlyMap<number, string>,
  lang: ReportLang,
): ReportTable {
  return {
    title: L(lang, `Portofolio pinjaman per ${p.as_of}`, `Loan portfolio on ${p.as_of}`),
    headers: [
      L(lang, 'Pinjaman', 'Loan'),
      L(lang, 'Anggota', 'Member'),
      L(lang, 'Tanggal cair', 'Disbursed on'),
      L(lang, 'Pokok pinjaman', 'Principal'),
      L(lang, 'Sisa pokok', 'Outstanding'),
      L(lang, 'Tunggakan', 'Arrears'),
      L(lang, 'Hari tunggak', 'Days past due'),
      L(lang, 'Dihapusbukukan', 'Written off'),
    ],
    rows: p.loans.map((l) => [
      l.loan_id,
      memberNames.get(l.member_id) ?? String(l.member_id),
      l.disbursed_on,
      rupiahCell(l.principal),
      rupiahCell(l.principal_outstanding),
      rupiahCell(l.arrears),
      l.days_past_due,
      l.written_off ? L(lang, 'ya', 'yes') : '',
    ]),
    amounts: [3, 4, 5],
    notes: [
      `${L(lang, 'Sisa pokok', 'Outstanding')}: ${formatRupiah(p.outstanding, lang)}`,
      `PAR30: ${p.par30.percent} % (${formatRupiah(p.par30.amount, lang)}, ${p.par30.loans} ${L(lang, 'pinjaman', 'loans')})`,
      `PAR90: ${p.par90.percent} % (${formatRupiah(p.par90.amount, lang)}, ${p.par90.loans} ${L(lang, 'pinjaman', 'loans')})`,
    ],
  };
}

export function balanceSheetTable(f: FinancialStatements, lang: ReportLang): ReportTable {
  const b = f.balance_sheet;
  const i = f.income_statement;
  const rows: ExportCell[][] = [];
  const section = (label: string, lines: { account: string; name: string; amount: bigint }[]) => {
    for (const l of lines) rows.push([label, l.account, l.name, rupiahCell(l.amount)]);
  };
  section(L(lang, 'Aset', 'Assets'), b.assets);
  section(L(lang, 'Kewajiban', 'Liabilities'), b.liabilities);
  section(L(lang, 'Ekuitas', 'Equity'), b.equity);
  rows.push([
    L(lang, 'Ekuitas', 'Equity'),
    '',
    L(lang, 'SHU tahun berjalan', 'Surplus of the period'),
    rupiahCell(b.current_surplus),
  ]);
  section(L(lang, 'Pendapatan', 'Income'), i.income);
  section(L(lang, 'Beban', 'Expenses'), i.expenses);
  return {
    title: L(
      lang,
      `Neraca per ${f.to} dan perhitungan hasil usaha ${f.from} s.d. ${f.to}`,
      `Balance sheet on ${f.to} and income statement ${f.from} to ${f.to}`,
    ),
    headers: [
      L(lang, 'Kelompok', 'Section'),
      L(lang, 'Akun', 'Account'),
      L(lang, 'Nama akun', 'Account name'),
      L(lang, 'Jumlah', 'Amount'),
    ],
    rows,
    amounts: [3],
    notes: [
      `${L(lang, 'Jumlah aset', 'Total assets')}: ${formatRupiah(b.total_assets, lang)}`,
      `${L(lang, 'Jumlah kewajiban dan ekuitas', 'Total liabilities and equity')}: ${formatRupiah(b.total_liabilities_and_equity, lang)}`,
      `${L(lang, 'Pendapatan', 'Income')} ${formatRupiah(i.total_income, lang)} − ${L(lang, 'beban', 'expenses')} ${formatRupiah(i.total_expenses, lang)} = SHU ${formatRupiah(i.surplus, lang)}`,
    ],
  };
}

export function shuTable(
  year: number,
  surplus: bigint,
  distribution: ShuDistribution | null,
  memberNames: ReadonlyMap<number, string>,
  lang: ReportLang,
): ReportTable {
  const title = L(lang, `Pembagian SHU tahun buku ${year}`, `SHU distribution, book year ${year}`);
  if (distribution === null)
    return {
      title,
      headers: [L(lang, 'Keterangan', 'Item'), L(lang, 'Jumlah', 'Amount')],
      rows: [[L(lang, 'SHU sebelum pembagian', 'SHU before distribution'), rupiahCell(surplus)]],
      amounts: [1],
      notes: [
        L(
          lang,
          'Persentase pembagian ditetapkan RAT (cadangan, jasa usaha, jasa modal).',
          'The split (reserve, jasa usaha, jasa modal) is set by the RAT.',
        ),
      ],
    };
  return {
    title,
    headers: [
      L(lang, 'Anggota', 'Member'),
      L(lang, 'Jasa usaha', 'Jasa usaha'),
      L(lang, 'Jasa modal', 'Jasa modal'),
      L(lang, 'Jumlah', 'Total'),
    ],
    rows: distribution.members.map((m) => [
      memberNames.get(m.member_id) ?? String(m.member_id),
      rupiahCell(m.jasa_usaha),
      rupiahCell(m.jasa_modal),
      rupiahCell(m.total),
    ]),
    amounts: [1, 2, 3],
    notes: [
      `SHU ${formatRupiah(distribution.shu, lang)}`,
      ...distribution.pools.map((p) => `${p.name} ${p.percent} %: ${formatRupiah(p.amount, lang)}`),
      `${L(lang, 'Sisa pembulatan', 'Rounding remainder')}: ${formatRupiah(distribution.remainder, lang)}`,
    ],
  };
}

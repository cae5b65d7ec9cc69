import { formatNik } from '../../identity/nik.js';

/**
 * Test data builders: rows as header → value records with overrides, and CSV text from them. Defaults are
 * valid against the real Kemendagri codes (Semarang: 33.74.01, village 33.74.01.1001).
 */
export type Row = Record<string, string>;

export const VILLAGE = '33.74.01.1001';
export const OTHER_VILLAGE = '33.74.01.1002';
export const TODAY = '2026-06-30';

export function kk(serial: number, district = '337401'): string {
  return `${district}010110${String(serial).padStart(4, '0')}`;
}

export function nik(birthDate: string, sex: 'L' | 'P', serial: number, district = '33.74.01'): string {
  return formatNik({ district, birthDate, sex, serial });
}

export function dtsenRow(overrides: Partial<Row> = {}): Row {
  const birth = overrides.TANGGAL_LAHIR ?? '1980-08-01';
  const sex = (overrides.JENIS_KELAMIN ?? 'L') as 'L' | 'P';
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(birth) ? birth : '1980-08-01';
  return {
    NO_KK: kk(1),
    NIK: nik(iso, sex === 'P' ? 'P' : 'L', 1),
    NAMA: 'Budi Santoso',
    JENIS_KELAMIN: sex,
    TANGGAL_LAHIR: birth,
    HUBUNGAN_KELUARGA: '1',
    DISABILITAS: '0',
    KODE_WILAYAH: VILLAGE,
    DESIL: '2',
    ALAMAT: 'Jl. Pemuda 1',
    ...overrides,
  };
}

export function bansosRow(overrides: Partial<Row> = {}): Row {
  return {
    NIK: nik('1980-08-01', 'L', 1),
    NO_KK: kk(1),
    NAMA: 'Budi Santoso',
    KODE_WILAYAH: VILLAGE,
    NOMINAL: '750000',
    KOMPONEN: 'balita, sd',
    ...overrides,
  };
}

export function cooperativeRow(overrides: Partial<Row> = {}): Row {
  return {
    ID_KOPERASI: 'KDMP-3374011001',
    NAMA_KOPERASI: 'Kopdes Merah Putih Miroto',
    KODE_WILAYAH: VILLAGE,
    JENIS: 'serba usaha',
    UNIT_USAHA: 'gerai sembako, simpan pinjam',
    STATUS: 'beroperasi',
    TANGGAL_BERDIRI: '2025-07-21',
    ...overrides,
  };
}

export function memberRow(overrides: Partial<Row> = {}): Row {
  return {
    ID_KOPERASI: 'KDMP-3374011001',
    NIK: nik('1980-08-01', 'L', 1),
    NAMA: 'Budi Santoso',
    NO_ANGGOTA: 'A-0001',
    TANGGAL_MASUK: '2026-03-02',
    SIMPANAN: '60000',
    ...overrides,
  };
}

/** CSV text: the union of the rows' keys as header (first row's order), values quoted when needed. */
export function toCsv(
  rows: readonly Row[],
  options: { delimiter?: string; newline?: string; bom?: boolean } = {},
) {
  const delimiter = options.delimiter ?? ',';
  const newline = options.newline ?? '\n';
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const quote = (v: string) =>
    v.includes(delimiter) || v.includes('"') || /[\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  const lines = [
    headers.join(delimiter),
    ...rows.map((r) => headers.map((h) => quote(r[h] ?? '')).join(delimiter)),
  ];
  return (options.bom ? '\uFEFF' : '') + lines.join(newline) + newline;
}

/** One officer of the default cooperative (cooperativeRow()): the ketua, appointed when it was founded. */
export function officerRow(overrides: Partial<Row> = {}): Row {
  return {
    ID_KOPERASI: 'KDMP-3374011001',
    NIK: nik('1975-05-05', 'L', 21),
    NAMA: 'Slamet Riyadi',
    JABATAN: 'Ketua',
    TANGGAL_MULAI: '2025-07-21',
    TANGGAL_SELESAI: '',
    NO_KK: '',
    EX_OFFICIO: '',
    ...overrides,
  };
}

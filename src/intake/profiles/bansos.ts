import { issue } from '../../identity/issue.js';
import { parseRupiah } from '../field-values.js';
import type { FieldSpec } from '../header-match.js';
import {
  normalizedName,
  checkKk,
  checkNik,
  checkVillage,
  duplicateIssue,
  requireText,
} from './common-checks.js';
import { RowIssues, text, type Profile, type SourceRow } from './profile.js';

/** One recipient (KPM) of a program in one period. */
export interface BansosRecord {
  nik: string | null;
  kk: string | null;
  name: string;
  name_normalized: string;
  village_code: string;
  amount: number | null;
  components: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'NIK', aliases: ['NIK_KPM', 'NIK_PENERIMA', 'NOMOR_INDUK_KEPENDUDUKAN'] },
  { name: 'NO_KK', aliases: ['NOKK', 'NOMOR_KK', 'NO_KARTU_KELUARGA', 'KK'] },
  { name: 'NAMA', aliases: ['NAMA_KPM', 'NAMA_PENERIMA', 'NAMA_PENGURUS', 'NAME'], required: true },
  {
    name: 'KODE_WILAYAH',
    aliases: ['KODE_DESA', 'KODE_KELURAHAN', 'KODE_KEMENDAGRI', 'VILLAGE_CODE'],
    required: true,
  },
  { name: 'NOMINAL', aliases: ['JUMLAH', 'NILAI_BANTUAN', 'BANTUAN', 'AMOUNT'] },
  { name: 'KOMPONEN', aliases: ['KOMPONEN_BANTUAN', 'COMPONENTS'] },
];

export const bansosProfile: Profile<BansosRecord> = {
  name: 'bansos',
  fields: FIELDS,
  stagingColumns: [
    { name: 'line', type: 'integer' },
    { name: 'nik', type: 'text' },
    { name: 'kk', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'name_normalized', type: 'text' },
    { name: 'village_code', type: 'text' },
    { name: 'amount', type: 'bigint' },
    { name: 'components', type: 'jsonb' },
  ],
  toStaging: (r, line) => [
    line,
    r.nik,
    r.kk,
    r.name,
    r.name_normalized,
    r.village_code,
    r.amount,
    JSON.stringify(r.components.length > 0 ? { items: r.components } : {}),
  ],
  createValidator(context) {
    const seen = new Map<string, number>();
    return (row: SourceRow) => {
      const issues = new RowIssues(row);
      const nikText = text(row, 'NIK');
      const kkText = text(row, 'NO_KK');
      if (!nikText && !kkText) {
        issues.error(
          'NIK',
          issue('nik_or_kk_required', 'NIK or No. KK is required', 'NIK atau No. KK wajib diisi'),
          '',
        );
      }
      const nik = nikText ? checkNik(issues, 'NIK', nikText, context) : null;
      const kk = kkText ? checkKk(issues, 'NO_KK', kkText, context) : null;
      const name = requireText(row, issues, 'NAMA');
      const nameNormalized = name === null ? '' : normalizedName(name);
      const village = checkVillage(row, issues, 'KODE_WILAYAH', context);
      const amount = text(row, 'NOMINAL') ? issues.take('NOMINAL', parseRupiah(row.get('NOMINAL'))) : null;
      const components = text(row, 'KOMPONEN')
        .split(/[,;|]/)
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean);
      if (issues.errors.length === 0) {
        const key = nik ?? `kk:${kk}`;
        const first = seen.get(key);
        if (first !== undefined) {
          issues.error(nik ? 'NIK' : 'NO_KK', duplicateIssue(nik ? 'NIK' : 'No. KK', first));
        } else seen.set(key, row.line);
      }
      if (issues.errors.length > 0) return { record: null, errors: issues.errors, warnings: issues.warnings };
      return {
        record: {
          nik,
          kk,
          name: name!,
          name_normalized: nameNormalized,
          village_code: village!,
          amount,
          components,
        },
        errors: [],
        warnings: issues.warnings,
      };
    };
  },
};

import { SOCIO_VARIABLES, validateSocio } from '../../households/socio-economic.js';
import { issue } from '../../identity/issue.js';
import {
  cellText,
  parseDateCell,
  parseDecile,
  parseNumberCell,
  parseRelation,
  parseSex,
  parseYesNo,
} from '../field-values.js';
import type { FieldSpec } from '../header-match.js';
import { normalizedName, checkKk, checkNik, checkVillage, requireText } from './common-checks.js';
import { optionalText, RowIssues, text, type Profile, type SourceRow } from './profile.js';

/** One DTSEN person row; rows sharing a No. KK form one household. */
export interface DtsenRecord {
  kk: string;
  nik: string | null;
  name: string;
  name_normalized: string;
  sex: 'L' | 'P' | null;
  birth_date: string | null;
  relation: number | null;
  disability: boolean;
  occupation: string | null;
  education: string | null;
  marital_status: string | null;
  address: string | null;
  village_code: string;
  decile: number;
  pmt_score: number | null;
  /** This row's household variables (null when none); the household keeps its first accepted row's. */
  socio: Record<string, unknown> | null;
}

const SOCIO_FIELDS: FieldSpec[] = Object.entries(SOCIO_VARIABLES).map(([key, spec]) => ({
  name: key.toUpperCase(),
  aliases: 'aliases' in spec ? [...spec.aliases] : [],
}));

const FIELDS: FieldSpec[] = [
  { name: 'NO_KK', aliases: ['NOKK', 'NOMOR_KK', 'NO_KARTU_KELUARGA', 'KK', 'FAMILY_CARD'], required: true },
  { name: 'NAMA', aliases: ['NAMA_LENGKAP', 'NAMA_ART', 'NAME', 'FULL_NAME'], required: true },
  {
    name: 'KODE_WILAYAH',
    aliases: ['KODE_DESA', 'KODE_KELURAHAN', 'KODE_DESA_KELURAHAN', 'KODE_KEMENDAGRI', 'VILLAGE_CODE'],
    required: true,
  },
  { name: 'DESIL', aliases: ['DESIL_NASIONAL', 'DECILE'], required: true },
  { name: 'NIK', aliases: ['NOMOR_INDUK_KEPENDUDUKAN', 'NIK_ART'] },
  { name: 'JENIS_KELAMIN', aliases: ['JK', 'KELAMIN', 'SEX'] },
  { name: 'TANGGAL_LAHIR', aliases: ['TGL_LAHIR', 'TGLLAHIR', 'BIRTH_DATE', 'DATE_OF_BIRTH'] },
  { name: 'HUBUNGAN_KELUARGA', aliases: ['HUB_KELUARGA', 'SHDK', 'HUBUNGAN', 'HUB_KK', 'RELATION'] },
  { name: 'DISABILITAS', aliases: ['PENYANDANG_DISABILITAS', 'DISABILITY'] },
  { name: 'ALAMAT', aliases: ['ADDRESS'] },
  { name: 'PEKERJAAN', aliases: ['OCCUPATION', 'PEKERJAAN_UTAMA'] },
  { name: 'PENDIDIKAN', aliases: ['EDUCATION', 'PENDIDIKAN_TERAKHIR', 'IJAZAH_TERTINGGI'] },
  { name: 'STATUS_KAWIN', aliases: ['STATUS_PERKAWINAN', 'MARITAL_STATUS'] },
  { name: 'SKOR_PMT', aliases: ['PMT', 'PMT_SCORE', 'NILAI_PMT'] },
  ...SOCIO_FIELDS,
];

const STAGING = [
  { name: 'line', type: 'integer' },
  // Byte order: the merge sorts the file by No. KK (digits, so the order is the same), and sorts of "C" text
  // use abbreviated keys, about twice as fast as the database's default collation.
  { name: 'kk', type: 'text COLLATE "C"' },
  { name: 'nik', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'name_normalized', type: 'text' },
  { name: 'sex', type: 'text' },
  { name: 'birth_date', type: 'date' },
  { name: 'relation', type: 'smallint' },
  { name: 'disability', type: 'boolean' },
  { name: 'occupation', type: 'text' },
  { name: 'education', type: 'text' },
  { name: 'marital_status', type: 'text' },
  { name: 'address', type: 'text' },
  { name: 'village_code', type: 'text' },
  { name: 'decile', type: 'smallint' },
  { name: 'pmt_score', type: 'double precision' },
  { name: 'socio', type: 'jsonb' },
] as const;

/** The household variables of a row, validated; null when the row has none. */
function householdVariables(
  row: SourceRow,
  issues: RowIssues,
  present: readonly FieldSpec[],
): Record<string, unknown> | null {
  let raw: Record<string, unknown> | null = null;
  for (const f of present) {
    const value = row.get(f.name);
    if (value === undefined || value === null || cellText(value) === '') continue;
    (raw ??= {})[f.name.toLowerCase()] = value instanceof Date ? cellText(value) : value;
  }
  if (raw === null) return null;
  const checked = validateSocio(raw);
  for (const e of checked.errors) issues.error(e.message.split(' ')[0]!.toUpperCase(), e, '');
  return checked.value;
}

export const dtsenProfile: Profile<DtsenRecord> = {
  name: 'dtsen',
  fields: FIELDS,
  stagingColumns: STAGING,
  toStaging: (r, line) => [
    line,
    r.kk,
    r.nik,
    r.name,
    r.name_normalized,
    r.sex,
    r.birth_date,
    r.relation,
    r.disability,
    r.occupation,
    r.education,
    r.marital_status,
    r.address,
    r.village_code,
    r.decile,
    r.pmt_score,
    r.socio === null ? null : JSON.stringify(r.socio),
  ],
  // Duplicates and household consistency span the whole file: they are checked in SQL on the staged rows
  // (storage/dtsen-file-checks.ts), so validation keeps no per-file state and memory stays bounded.
  independentRows: true,
  createValidator(context) {
    let socioFields: FieldSpec[] | undefined;
    return (row: SourceRow) => {
      const issues = new RowIssues(row);
      const kkText = requireText(row, issues, 'NO_KK');
      const kk = kkText === null ? null : checkKk(issues, 'NO_KK', kkText, context);
      const name = requireText(row, issues, 'NAMA');
      const nameNormalized = name === null ? '' : normalizedName(name);
      if (name !== null && nameNormalized === '') {
        issues.error('NAMA', issue('name_empty', 'name has no letters', 'nama tidak memuat huruf'));
      }
      const village = checkVillage(row, issues, 'KODE_WILAYAH', context);
      const decileText = requireText(row, issues, 'DESIL');
      // Each cell is read once: millions of rows.
      const decile = decileText === null ? null : issues.take('DESIL', parseDecile(decileText));
      const sexCell = row.get('JENIS_KELAMIN');
      const sex = cellText(sexCell) ? issues.take('JENIS_KELAMIN', parseSex(sexCell)) : null;
      const birthCell = row.get('TANGGAL_LAHIR');
      const birthDate = cellText(birthCell)
        ? issues.take('TANGGAL_LAHIR', parseDateCell(birthCell, context.today))
        : null;
      const relationCell = row.get('HUBUNGAN_KELUARGA');
      const relation = cellText(relationCell)
        ? issues.take('HUBUNGAN_KELUARGA', parseRelation(relationCell))
        : null;
      const disability = issues.take('DISABILITAS', parseYesNo(row.get('DISABILITAS')));
      const pmtCell = row.get('SKOR_PMT');
      const pmt = cellText(pmtCell) ? issues.take('SKOR_PMT', parseNumberCell(pmtCell)) : null;
      const nikText = text(row, 'NIK');
      const nik = nikText ? checkNik(issues, 'NIK', nikText, context, { birthDate, sex }) : null;
      // Household variables are checked on every row; the household keeps those of its first accepted row.
      socioFields ??= SOCIO_FIELDS.filter((f) => row.has(f.name));
      const socio = householdVariables(row, issues, socioFields);
      if (issues.errors.length > 0) return { record: null, errors: issues.errors, warnings: issues.warnings };
      return {
        record: {
          kk: kk!,
          nik,
          name: name!,
          name_normalized: nameNormalized,
          sex,
          birth_date: birthDate,
          relation,
          disability: disability ?? false,
          occupation: optionalText(row, 'PEKERJAAN'),
          education: optionalText(row, 'PENDIDIKAN'),
          marital_status: optionalText(row, 'STATUS_KAWIN'),
          address: optionalText(row, 'ALAMAT'),
          village_code: village!,
          decile: decile!,
          pmt_score: pmt,
          socio,
        },
        errors: [],
        warnings: issues.warnings,
      };
    };
  },
};

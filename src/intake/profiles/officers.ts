import { OFFICER_POSITIONS, type OfficerPosition } from '../../cooperatives/operations/register-checks.js';
import { issue } from '../../identity/issue.js';
import { parseDateCell } from '../field-values.js';
import type { FieldSpec } from '../header-match.js';
import { checkKk, checkNik, duplicateIssue, requireText } from './common-checks.js';
import { lookUpCooperative } from './members.js';
import { RowIssues, text, type Profile, type SourceRow } from './profile.js';

/** One officer (pengurus or pengawas) of a cooperative, as a register of officers lists them. */
export interface OfficerRecord {
  cooperative_id: number;
  position: OfficerPosition;
  nik: string;
  kk: string | null;
  name: string;
  ex_officio: boolean;
  start_date: string;
  end_date: string | null;
}

const FIELDS: FieldSpec[] = [
  {
    name: 'ID_KOPERASI',
    aliases: ['NO_REGISTRASI', 'NOMOR_REGISTRASI', 'NOMOR_INDUK_KOPERASI', 'NIK_KOPERASI', 'REGISTRATION_NO'],
    required: true,
  },
  { name: 'NIK', aliases: ['NIK_PENGURUS', 'NOMOR_INDUK_KEPENDUDUKAN'], required: true },
  { name: 'NAMA', aliases: ['NAMA_PENGURUS', 'NAMA_LENGKAP', 'NAME'], required: true },
  { name: 'JABATAN', aliases: ['POSISI', 'POSITION'], required: true },
  {
    name: 'TANGGAL_MULAI',
    aliases: ['TGL_MULAI', 'MULAI_MENJABAT', 'TANGGAL_PENGANGKATAN', 'START_DATE'],
    required: true,
  },
  { name: 'TANGGAL_SELESAI', aliases: ['TGL_SELESAI', 'AKHIR_MENJABAT', 'END_DATE'] },
  { name: 'NO_KK', aliases: ['NOMOR_KK', 'KK'] },
  { name: 'EX_OFFICIO', aliases: ['KARENA_JABATAN'] },
];

/** Indonesian spellings of the positions, after lower-casing and joining words with `_`. */
const POSITION_ALIASES: Readonly<Record<string, OfficerPosition>> = {
  wakil_ketua_bidang_usaha: 'wakil_ketua_usaha',
  wakil_ketua_bidang_keanggotaan: 'wakil_ketua_anggota',
  wakil_ketua_keanggotaan: 'wakil_ketua_anggota',
  ketua_dewan_pengawas: 'ketua_pengawas',
  anggota_pengawas: 'pengawas',
  anggota_dewan_pengawas: 'pengawas',
};

/** A position cell as a stored code (`Wakil Ketua Bidang Usaha` → `wakil_ketua_usaha`), or null if unknown. */
export function officerPosition(raw: string): OfficerPosition | null {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+/g, '_')
    .replace(/^_|_$/g, '');
  if ((OFFICER_POSITIONS as readonly string[]).includes(key)) return key as OfficerPosition;
  return POSITION_ALIASES[key] ?? null;
}

const YES = new Set(['ya', 'y', 'yes', 'true', '1']);
const NO = new Set(['', 'tidak', 't', 'no', 'n', 'false', '0']);

export const officersProfile: Profile<OfficerRecord> = {
  name: 'officers',
  fields: FIELDS,
  stagingColumns: [
    { name: 'line', type: 'integer' },
    { name: 'cooperative_id', type: 'bigint' },
    { name: 'position', type: 'text' },
    { name: 'nik', type: 'text' },
    { name: 'kk', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'ex_officio', type: 'boolean' },
    { name: 'start_date', type: 'date' },
    { name: 'end_date', type: 'date' },
  ],
  toStaging: (r, line) => [
    line,
    r.cooperative_id,
    r.position,
    r.nik,
    r.kk,
    r.name,
    r.ex_officio,
    r.start_date,
    r.end_date,
  ],
  createValidator(context) {
    const seen = new Map<string, number>();
    return (row: SourceRow) => {
      const issues = new RowIssues(row);
      const cooperativeId = lookUpCooperative(row, issues, context);
      const nikText = requireText(row, issues, 'NIK');
      const nik = nikText === null ? null : checkNik(issues, 'NIK', nikText, context);
      const name = requireText(row, issues, 'NAMA');
      const positionText = requireText(row, issues, 'JABATAN');
      const position = positionText === null ? null : officerPosition(positionText);
      if (positionText !== null && position === null)
        issues.error(
          'JABATAN',
          issue(
            'officer_position',
            `position must be one of ${OFFICER_POSITIONS.join(', ')}`,
            `jabatan harus salah satu dari ${OFFICER_POSITIONS.join(', ')}`,
          ),
        );
      const start =
        requireText(row, issues, 'TANGGAL_MULAI') === null
          ? null
          : issues.take('TANGGAL_MULAI', parseDateCell(row.get('TANGGAL_MULAI'), context.today));
      const end = text(row, 'TANGGAL_SELESAI')
        ? issues.take('TANGGAL_SELESAI', parseDateCell(row.get('TANGGAL_SELESAI'), '9999-12-31'))
        : null;
      if (start !== null && end !== null && end < start)
        issues.error(
          'TANGGAL_SELESAI',
          issue(
            'term_end_before_start',
            `the term ends (${end}) before it starts (${start})`,
            `masa jabatan berakhir (${end}) sebelum dimulai (${start})`,
          ),
        );
      const kkText = text(row, 'NO_KK');
      const kk = kkText ? checkKk(issues, 'NO_KK', kkText, context) : null;
      const exOfficioText = text(row, 'EX_OFFICIO').toLowerCase();
      const exOfficio = YES.has(exOfficioText);
      if (!exOfficio && !NO.has(exOfficioText))
        issues.error('EX_OFFICIO', issue('yes_no', 'expected ya/tidak (yes/no)', 'harus ya/tidak'));
      if (exOfficio && position !== null && position !== 'ketua_pengawas')
        issues.error(
          'EX_OFFICIO',
          issue(
            'ex_officio_position',
            'only the ketua_pengawas (the kepala desa) holds the post ex officio',
            'hanya ketua_pengawas (kepala desa) yang menjabat secara ex officio',
          ),
        );
      if (issues.errors.length === 0) {
        const key = `${cooperativeId}|${position}|${nik}|${start}`;
        const first = seen.get(key);
        if (first !== undefined)
          issues.error('NIK', duplicateIssue('officer in this cooperative and post', first));
        else seen.set(key, row.line);
      }
      if (issues.errors.length > 0) return { record: null, errors: issues.errors, warnings: issues.warnings };
      return {
        record: {
          cooperative_id: cooperativeId!,
          position: position!,
          nik: nik!,
          kk,
          name: name!,
          ex_officio: exOfficio,
          start_date: start!,
          end_date: end,
        },
        errors: [],
        warnings: issues.warnings,
      };
    };
  },
};

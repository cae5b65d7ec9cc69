import { issue } from '../../identity/issue.js';
import { parseDateCell, parseRupiah } from '../field-values.js';
import type { FieldSpec } from '../header-match.js';
import { normalizedName, checkNik, duplicateIssue, requireText } from './common-checks.js';
import {
  optionalText,
  RowIssues,
  text,
  type Profile,
  type SourceRow,
  type ValidationContext,
} from './profile.js';

/** One member of a cooperative, as a member list (e.g. SIMKOPDES export) records them. */
export interface MemberRecord {
  cooperative_id: number;
  member_no: string | null;
  nik: string | null;
  name: string;
  name_normalized: string;
  joined_on: string | null;
  savings_paid: number;
}

const FIELDS: FieldSpec[] = [
  {
    name: 'ID_KOPERASI',
    aliases: ['NO_REGISTRASI', 'NOMOR_REGISTRASI', 'NOMOR_INDUK_KOPERASI', 'NIK_KOPERASI', 'REGISTRATION_NO'],
    required: true,
  },
  { name: 'NIK', aliases: ['NIK_ANGGOTA', 'NOMOR_INDUK_KEPENDUDUKAN'] },
  { name: 'NAMA', aliases: ['NAMA_ANGGOTA', 'NAMA_LENGKAP', 'NAME'], required: true },
  { name: 'NO_ANGGOTA', aliases: ['NOMOR_ANGGOTA', 'MEMBER_NO'] },
  { name: 'TANGGAL_MASUK', aliases: ['TGL_MASUK', 'TANGGAL_BERGABUNG', 'TANGGAL_DAFTAR', 'JOINED_ON'] },
  { name: 'SIMPANAN', aliases: ['TOTAL_SIMPANAN', 'SIMPANAN_DIBAYAR', 'SAVINGS_PAID'] },
];

/** The cooperative a row names in ID_KOPERASI (its registration number), or undefined with the row's error. */
export function lookUpCooperative(
  row: SourceRow,
  issues: RowIssues,
  context: ValidationContext,
): number | undefined {
  const registrationNo = requireText(row, issues, 'ID_KOPERASI');
  const cooperativeId = registrationNo === null ? undefined : context.cooperatives?.get(registrationNo);
  if (registrationNo !== null && cooperativeId === undefined) {
    issues.error(
      'ID_KOPERASI',
      issue(
        'cooperative_unknown',
        `cooperative "${registrationNo}" is not registered in entas (import the cooperative register first)`,
        `koperasi "${registrationNo}" belum terdaftar di entas (impor daftar koperasi terlebih dahulu)`,
      ),
    );
  }
  return cooperativeId;
}

export const membersProfile: Profile<MemberRecord> = {
  name: 'members',
  fields: FIELDS,
  stagingColumns: [
    { name: 'line', type: 'integer' },
    { name: 'cooperative_id', type: 'bigint' },
    { name: 'member_no', type: 'text' },
    { name: 'nik', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'name_normalized', type: 'text' },
    { name: 'joined_on', type: 'date' },
    { name: 'savings_paid', type: 'bigint' },
  ],
  toStaging: (r, line) => [
    line,
    r.cooperative_id,
    r.member_no,
    r.nik,
    r.name,
    r.name_normalized,
    r.joined_on,
    r.savings_paid,
  ],
  createValidator(context) {
    const seen = new Map<string, number>();
    return (row: SourceRow) => {
      const issues = new RowIssues(row);
      const cooperativeId = lookUpCooperative(row, issues, context);
      const nikText = text(row, 'NIK');
      const nik = nikText ? checkNik(issues, 'NIK', nikText, context) : null;
      const name = requireText(row, issues, 'NAMA');
      const memberNo = optionalText(row, 'NO_ANGGOTA');
      const joined = text(row, 'TANGGAL_MASUK')
        ? issues.take('TANGGAL_MASUK', parseDateCell(row.get('TANGGAL_MASUK'), context.today))
        : null;
      const savings = text(row, 'SIMPANAN') ? issues.take('SIMPANAN', parseRupiah(row.get('SIMPANAN'))) : 0;
      if (issues.errors.length === 0) {
        for (const [field, key] of [
          ['NO_ANGGOTA', memberNo === null ? null : `${cooperativeId}|no|${memberNo}`],
          ['NIK', nik === null ? null : `${cooperativeId}|nik|${nik}`],
        ] as const) {
          if (key === null) continue;
          const first = seen.get(key);
          if (first !== undefined) {
            issues.error(
              field,
              duplicateIssue(field === 'NIK' ? 'NIK in this cooperative' : 'member number', first),
            );
            break;
          }
        }
        if (issues.errors.length === 0) {
          if (memberNo !== null) seen.set(`${cooperativeId}|no|${memberNo}`, row.line);
          if (nik !== null) seen.set(`${cooperativeId}|nik|${nik}`, row.line);
        }
      }
      if (issues.errors.length > 0) return { record: null, errors: issues.errors, warnings: issues.warnings };
      return {
        record: {
          cooperative_id: cooperativeId!,
          member_no: memberNo,
          nik,
          name: name!,
          name_normalized: normalizedName(name!),
          joined_on: joined,
          savings_paid: savings ?? 0,
        },
        errors: [],
        warnings: issues.warnings,
      };
    };
  },
};

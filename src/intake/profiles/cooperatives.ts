import { issue } from '../../identity/issue.js';
import { villageKind } from '../../regions/region-code.js';
import { cellText, parseDateCell } from '../field-values.js';
import type { FieldSpec } from '../header-match.js';
import { checkVillage, duplicateIssue, requireText } from './common-checks.js';
import { RowIssues, text, type Profile, type SourceRow } from './profile.js';

/** One cooperative (Kopdes/Kelurahan Merah Putih) from a register. */
export interface CooperativeRecord {
  registration_no: string;
  name: string;
  village_code: string;
  kind: 'desa' | 'kelurahan';
  type: string;
  business_units: string[];
  status: 'forming' | 'registered' | 'operating' | 'inactive';
  established_on: string | null;
  member_capacity: number | null;
}

const TYPES = ['konsumen', 'produsen', 'simpan_pinjam', 'jasa', 'pemasaran', 'serba_usaha'];
const STATUS: Record<string, CooperativeRecord['status']> = {
  forming: 'forming',
  pembentukan: 'forming',
  'dalam pembentukan': 'forming',
  registered: 'registered',
  terdaftar: 'registered',
  'berbadan hukum': 'registered',
  operating: 'operating',
  beroperasi: 'operating',
  aktif: 'operating',
  inactive: 'inactive',
  'tidak aktif': 'inactive',
  nonaktif: 'inactive',
  'non aktif': 'inactive',
};

const FIELDS: FieldSpec[] = [
  {
    name: 'ID_KOPERASI',
    aliases: [
      'NO_REGISTRASI',
      'NOMOR_REGISTRASI',
      'NOMOR_INDUK_KOPERASI',
      'NIK_KOPERASI',
      'NO_BADAN_HUKUM',
      'REGISTRATION_NO',
    ],
    required: true,
  },
  { name: 'NAMA_KOPERASI', aliases: ['NAMA', 'NAME'], required: true },
  {
    name: 'KODE_WILAYAH',
    aliases: ['KODE_DESA', 'KODE_KELURAHAN', 'KODE_KEMENDAGRI', 'VILLAGE_CODE'],
    required: true,
  },
  { name: 'JENIS', aliases: ['JENIS_KOPERASI', 'TYPE'] },
  { name: 'UNIT_USAHA', aliases: ['GERAI', 'BUSINESS_UNITS'] },
  { name: 'STATUS', aliases: ['STATUS_KOPERASI'] },
  { name: 'TANGGAL_BERDIRI', aliases: ['TGL_BERDIRI', 'TANGGAL_BADAN_HUKUM', 'ESTABLISHED_ON'] },
  { name: 'KAPASITAS_ANGGOTA', aliases: ['MEMBER_CAPACITY'] },
];

const slug = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s/-]+/g, '_');

export const cooperativesProfile: Profile<CooperativeRecord> = {
  name: 'cooperatives',
  fields: FIELDS,
  stagingColumns: [
    { name: 'line', type: 'integer' },
    { name: 'registration_no', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'village_code', type: 'text' },
    { name: 'kind', type: 'text' },
    { name: 'type', type: 'text' },
    { name: 'business_units', type: 'text[]' },
    { name: 'status', type: 'text' },
    { name: 'established_on', type: 'date' },
    { name: 'member_capacity', type: 'integer' },
  ],
  toStaging: (r, line) => [
    line,
    r.registration_no,
    r.name,
    r.village_code,
    r.kind,
    r.type,
    `{${r.business_units.map((u) => `"${u}"`).join(',')}}`,
    r.status,
    r.established_on,
    r.member_capacity,
  ],
  createValidator(context) {
    const seen = new Map<string, number>();
    return (row: SourceRow) => {
      const issues = new RowIssues(row);
      const registrationNo = requireText(row, issues, 'ID_KOPERASI');
      const name = requireText(row, issues, 'NAMA_KOPERASI');
      const village = checkVillage(row, issues, 'KODE_WILAYAH', context);
      const typeText = text(row, 'JENIS');
      const type = typeText ? slug(typeText).replace(/^koperasi_/, '') : 'serba_usaha';
      if (!TYPES.includes(type)) {
        issues.error(
          'JENIS',
          issue(
            'cooperative_type',
            `"${typeText}" is not a cooperative type (${TYPES.join(', ')})`,
            `"${typeText}" bukan jenis koperasi (${TYPES.join(', ')})`,
          ),
        );
      }
      const statusText = text(row, 'STATUS');
      const status = statusText ? STATUS[statusText.toLowerCase().replace(/[_-]+/g, ' ')] : 'registered';
      if (!status) {
        issues.error(
          'STATUS',
          issue(
            'cooperative_status',
            `"${statusText}" is not a status (forming, registered, operating, inactive)`,
            `"${statusText}" bukan status (pembentukan, terdaftar, beroperasi, tidak aktif)`,
          ),
        );
      }
      const established = text(row, 'TANGGAL_BERDIRI')
        ? issues.take('TANGGAL_BERDIRI', parseDateCell(row.get('TANGGAL_BERDIRI'), context.today))
        : null;
      const capacityText = cellText(row.get('KAPASITAS_ANGGOTA'));
      const capacity = capacityText === '' ? null : Number(capacityText);
      if (capacity !== null && !(Number.isInteger(capacity) && capacity >= 0 && capacity < 2 ** 31)) {
        issues.error(
          'KAPASITAS_ANGGOTA',
          issue(
            'number_value',
            `"${capacityText}" is not a whole number`,
            `"${capacityText}" bukan bilangan bulat`,
          ),
        );
      }
      if (issues.errors.length === 0) {
        const first = seen.get(registrationNo!);
        if (first !== undefined) issues.error('ID_KOPERASI', duplicateIssue('cooperative id', first));
        else seen.set(registrationNo!, row.line);
      }
      if (issues.errors.length > 0) return { record: null, errors: issues.errors, warnings: issues.warnings };
      return {
        record: {
          registration_no: registrationNo!,
          name: name!,
          village_code: village!,
          kind: villageKind(village!) === 'kelurahan' ? 'kelurahan' : 'desa',
          type,
          business_units: text(row, 'UNIT_USAHA')
            .split(/[,;|]/)
            .map(slug)
            .filter((u) => /^[a-z0-9_]+$/.test(u)),
          status: status!,
          established_on: established,
          member_capacity: capacity,
        },
        errors: [],
        warnings: issues.warnings,
      };
    };
  },
};

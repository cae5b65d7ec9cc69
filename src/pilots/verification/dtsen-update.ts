/**
 * Accepted field-verification proposals in the shape the DTSEN update channel takes: the village deliberation
 * (musyawarah desa/kelurahan, its berita acara) agrees the proposals, the regency (Dinas Sosial) verifies them,
 * and they go on to BPS, which updates DTSEN. One row per proposal, Indonesian column names as the regional
 * offices use them; NIK and No. KK masked unless the caller may see them. Pure: rows in, cells out.
 */
import { maskIdentifier } from '../../identity/nik.js';
import type { ExportCell } from '../../shared/spreadsheet-export.js';
import type { VerificationKind } from './proposal-rules.js';

export const DTSEN_UPDATE_HEADERS = [
  'id_usulan',
  'kode_provinsi',
  'kode_kabupaten',
  'kode_kecamatan',
  'kode_desa',
  'no_kk',
  'nik',
  'nama',
  'jenis_usulan',
  'data_lama',
  'data_baru',
  'alasan_bukti',
  'dokumen',
  'diusulkan_oleh',
  'tanggal_usulan',
  'berita_acara_musdes',
  'diverifikasi_kabupaten_oleh',
  'tanggal_verifikasi_kabupaten',
  'catatan_verifikasi',
  'status_bps',
  'batch_id',
] as const;

/** The update kinds as the channel names them. */
export const JENIS_USULAN: Record<VerificationKind, string> = {
  moved: 'PINDAH',
  deceased: 'MENINGGAL',
  new_member: 'ANGGOTA_BARU',
  disability: 'PERUBAHAN_DISABILITAS',
  decile_wrong: 'DESIL_TIDAK_SESUAI',
};

export interface AcceptedProposal {
  id: number;
  kind: VerificationKind;
  village_code: string;
  kk: string | null;
  /** The person's NIK, or the new member's proposed NIK. */
  nik: string | null;
  /** The person's name, the new member's name, or the head's name for household proposals. */
  name: string | null;
  proposed: Readonly<Record<string, unknown>>;
  current_values: Readonly<Record<string, unknown>>;
  evidence: string;
  documents: readonly string[];
  proposed_by: string;
  proposed_at: Date;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_reason: string | null;
  deliberation_ref: string | null;
  batch_id: number | null;
}

/** `key=value; …` of the values that are set, identifiers left out (they have their own masked columns). */
export function describeValues(values: Readonly<Record<string, unknown>>): string {
  return Object.entries(values)
    .filter(([k, v]) => k !== 'nik' && v !== null && v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('; ');
}

const day = (d: Date | null): string | null => (d === null ? null : d.toISOString().slice(0, 10));

export function dtsenUpdateRow(p: AcceptedProposal, reveal: boolean): ExportCell[] {
  const shown = (v: string | null) => (reveal ? v : maskIdentifier(v));
  return [
    p.id,
    p.village_code.slice(0, 2),
    p.village_code.slice(0, 5),
    p.village_code.slice(0, 8),
    p.village_code,
    shown(p.kk),
    shown(p.nik),
    p.name,
    JENIS_USULAN[p.kind],
    describeValues(p.current_values),
    describeValues(p.proposed),
    p.evidence,
    p.documents.join('; '),
    p.proposed_by,
    day(p.proposed_at),
    p.deliberation_ref,
    p.reviewed_by,
    day(p.reviewed_at),
    p.review_reason,
    'MENUNGGU_BPS',
    p.batch_id,
  ];
}

import { dateBetween, toDayNumber } from '../synth/dates.js';
import type { SynthVillage } from '../synth/household.js';
import type { Rng } from '../shared/random.js';

/**
 * The village's Koperasi Desa/Kelurahan Merah Putih as Kemenkop's registry (SIMKOPDES) would hold it: an AHU
 * registration number, the standard name, kind from the village code, business units, status and founding date
 * (the programme launched in July 2025). Pure.
 */
export interface DemoCooperative {
  registrationNo: string;
  name: string;
  kind: 'desa' | 'kelurahan';
  businessUnits: string[];
  status: 'forming' | 'registered' | 'operating' | 'inactive';
  establishedOn: string;
}

/** Business units of a Kopdes (DOMAIN: office, outlet, savings and loan, clinic, pharmacy, cold storage, logistics …). */
const OPTIONAL_UNITS: readonly (readonly [string, number])[] = [
  ['gerai_sembako', 0.9],
  ['simpan_pinjam', 0.6],
  ['klinik_desa', 0.35],
  ['apotek_desa', 0.35],
  ['gudang_cold_storage', 0.25],
  ['logistik', 0.3],
  ['pangkalan_lpg', 0.2],
  ['pupuk', 0.25],
  ['agen_bank', 0.2],
];

export function generateCooperative(
  rng: Rng,
  village: SynthVillage,
  villageWelfare: number,
): DemoCooperative {
  const kind = village.kind === 'kelurahan' ? 'kelurahan' : 'desa';
  const units = ['kantor', ...OPTIONAL_UNITS.filter(([, p]) => rng.chance(p)).map(([unit]) => unit)];
  // Better-off (and urban) villages got their cooperative running sooner.
  const ready = rng.next() + 0.15 * villageWelfare + (kind === 'kelurahan' ? 0.1 : 0);
  const status =
    ready < 0.08 ? 'forming' : ready < 0.12 ? 'inactive' : ready < 0.68 ? 'registered' : 'operating';
  return {
    registrationNo: `AHU-${village.code.replace(/\./g, '')}.AH.01.29.TAHUN 2025`,
    name: `Koperasi ${kind === 'kelurahan' ? 'Kelurahan' : 'Desa'} Merah Putih ${village.name}`,
    kind,
    businessUnits: units,
    status,
    establishedOn: dateBetween(rng, '2025-05-15', '2025-10-31'),
  };
}

/** Officer positions of a Kopdes (pengurus and pengawas); the kepala desa is ex officio ketua pengawas. */
export const OFFICER_POSITIONS = [
  'ketua',
  'wakil_ketua_usaha',
  'wakil_ketua_anggota',
  'sekretaris',
  'bendahara',
  'ketua_pengawas',
  'pengawas',
  'pengawas',
] as const;

/**
 * The posts filled when `people` candidates are available, in the order they are handed out, so the register
 * passes the registrar's checks (src/cooperatives/operations/register-checks.ts): an odd number of pengurus with
 * ketua, sekretaris and bendahara, and the kepala desa as ex officio ketua pengawas. All eight posts from 8 people
 * (the order of OFFICER_POSITIONS); with fewer, the ordinary pengawas are left out first, then the two wakil posts.
 * Fewer than 4 people cannot make a register in order: none are appointed (the cooperative is still forming).
 */
export function officerPositions(people: number): readonly OfficerPost[] {
  if (people >= OFFICER_POSITIONS.length) return OFFICER_POSITIONS;
  if (people < 4) return [];
  const pengurus: OfficerPost[] =
    people >= 6
      ? ['ketua', 'wakil_ketua_usaha', 'wakil_ketua_anggota', 'sekretaris', 'bendahara']
      : ['ketua', 'sekretaris', 'bendahara'];
  const pengawas = people - pengurus.length - 1;
  return [...pengurus, 'ketua_pengawas', ...Array<OfficerPost>(pengawas).fill('pengawas')];
}
export type OfficerPost = (typeof OFFICER_POSITIONS)[number];

/** The kepala desa chairs the pengawas ex officio (the demo makes the holder of that post the kepala desa). */
export const isExOfficio = (position: OfficerPost) => position === 'ketua_pengawas';

/** Simpanan pokok (one-off) and wajib (monthly) in rupiah, typical Kopdes values. */
export const SIMPANAN_POKOK = 50_000;
export const SIMPANAN_WAJIB = 10_000;

/** What a member has paid by `asOf`: pokok plus wajib for the months since joining, some in arrears. */
export function savingsPaid(rng: Rng, joinedOn: string, asOf: string): number {
  const months = Math.max(0, Math.floor((toDayNumber(asOf) - toDayNumber(joinedOn)) / 30.44));
  const paidMonths = rng.chance(0.7) ? months : rng.int(0, months);
  const sukarela = rng.chance(0.15) ? 5_000 * rng.int(1, 40) : 0;
  return SIMPANAN_POKOK + SIMPANAN_WAJIB * paidMonths + sukarela;
}

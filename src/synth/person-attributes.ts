import { normalCdf } from './normal.js';
import type { Rng } from '../shared/random.js';
import type { Sex } from './name-pools.js';

/** Dukcapil education labels (pendidikan terakhir), lowest first. */
export const EDUCATION_LEVELS = [
  'TIDAK/BELUM SEKOLAH',
  'BELUM TAMAT SD/SEDERAJAT',
  'TAMAT SD/SEDERAJAT',
  'SLTP/SEDERAJAT',
  'SLTA/SEDERAJAT',
  'DIPLOMA I/II',
  'AKADEMI/DIPLOMA III/S. MUDA',
  'DIPLOMA IV/STRATA I',
  'STRATA II',
  'STRATA III',
] as const;

/** Upper score bounds for EDUCATION_LEVELS (the last level takes everything above). */
const EDUCATION_CUTS = [0.4, 1.2, 2.5, 3.3, 4.7, 4.85, 5.15, 6.3, 6.9];

/**
 * Highest education for a person of `age` born in `birthYear` in a household of welfare `welfare` (national
 * standard-normal scale, higher = better off). Children follow school age; adults an attainment score that
 * rises with welfare and with later birth cohorts.
 */
export function pickEducation(rng: Rng, age: number, birthYear: number, welfare: number): string {
  if (age < 7) return EDUCATION_LEVELS[0];
  if (age <= 12) return EDUCATION_LEVELS[1];
  if (age <= 15) return rng.chance(0.9) ? EDUCATION_LEVELS[2] : EDUCATION_LEVELS[1];
  const score = 1.6 + 1.0 * welfare + (birthYear - 1965) / 22 + 0.9 * rng.normal();
  let level = EDUCATION_CUTS.findIndex((cut) => score < cut);
  if (level < 0) level = EDUCATION_LEVELS.length - 1;
  // Nobody has finished more school than their age allows.
  const maxForAge = age <= 18 ? 3 : age <= 21 ? 4 : age <= 23 ? 6 : 9;
  return EDUCATION_LEVELS[Math.min(level, maxForAge)]!;
}

export function educationRank(education: string): number {
  return EDUCATION_LEVELS.indexOf(education as (typeof EDUCATION_LEVELS)[number]);
}

const RURAL_WORK: readonly (readonly [string, number])[] = [
  ['PETANI/PEKEBUN', 48],
  ['BURUH TANI/PERKEBUNAN', 10],
  ['BURUH HARIAN LEPAS', 12],
  ['NELAYAN/PERIKANAN', 5],
  ['PETERNAK', 3],
  ['PEDAGANG', 7],
  ['WIRASWASTA', 7],
  ['KARYAWAN SWASTA', 4],
  ['SOPIR', 2],
  ['TUKANG BATU', 2],
];
const URBAN_WORK: readonly (readonly [string, number])[] = [
  ['PETANI/PEKEBUN', 6],
  ['BURUH HARIAN LEPAS', 20],
  ['PEDAGANG', 15],
  ['WIRASWASTA', 20],
  ['KARYAWAN SWASTA', 25],
  ['SOPIR', 6],
  ['TUKANG BATU', 5],
  ['NELAYAN/PERIKANAN', 3],
];
const GRADUATE_WORK: readonly (readonly [string, number])[] = [
  ['GURU', 30],
  ['PEGAWAI NEGERI SIPIL', 22],
  ['KARYAWAN SWASTA', 22],
  ['WIRASWASTA', 16],
  ['PERAWAT', 5],
  ['BIDAN', 5],
];

/** Dukcapil occupation label (pekerjaan) from age, sex, education, welfare and whether the village is urban. */
export function pickOccupation(
  rng: Rng,
  person: { age: number; sex: Sex; education: string },
  welfare: number,
  urban: boolean,
): string {
  const { age, sex, education } = person;
  if (age < 5) return 'BELUM/TIDAK BEKERJA';
  if (age < 16) return 'PELAJAR/MAHASISWA';
  if (age < 23 && educationRank(education) >= 4 && rng.chance(normalCdf(welfare - 0.3))) {
    return 'PELAJAR/MAHASISWA';
  }
  if (age >= 65 && rng.chance(0.45)) return welfare > 0.8 ? 'PENSIUNAN' : 'BELUM/TIDAK BEKERJA';
  if (sex === 'P' && rng.chance(0.42)) return 'MENGURUS RUMAH TANGGA';
  if (age < 25 && rng.chance(0.15)) return 'BELUM/TIDAK BEKERJA';
  if (educationRank(education) >= 7 && rng.chance(0.85)) return rng.weighted(GRADUATE_WORK);
  return rng.weighted(urban ? URBAN_WORK : RURAL_WORK);
}

/** Disability (DTSEN "disabilitas"): rare in the young, common in old age; about 2–3 % overall. */
export function pickDisability(rng: Rng, age: number): boolean {
  const p = age >= 75 ? 0.16 : age >= 60 ? 0.07 : age >= 18 ? 0.018 : 0.009;
  return rng.chance(p);
}

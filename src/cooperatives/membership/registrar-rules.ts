/**
 * Who may become a member of a Koperasi Desa/Kelurahan Merah Putih: the checks a registrar makes before writing a
 * person into the member register (pure; the enrolment service gathers the facts).
 *
 *   - age 17 or more on the join date, or married (kawin, cerai hidup, cerai mati: ever married counts, as for
 *     KTP eligibility);
 *   - domicile in the cooperative's village/kelurahan, or in its district when the policy assigned the household
 *     a neighbouring Kopdes (cooperative_match = district_nearest);
 *   - one membership per person per cooperative, whether the existing one came from a pilot or an imported
 *     register (members linked to the same entity key count as the same person).
 */
import { say, type Bilingual } from '../../shared/errors.js';

export const MIN_MEMBER_AGE = 17;

export interface Applicant {
  birthDate: string | null;
  maritalStatus: string | null;
  villageCode: string;
}

export interface MembershipTarget {
  cooperativeVillageCode: string;
  /** How the policy matched the household to this cooperative. */
  match: 'village' | 'district_nearest' | 'none' | null;
  /** Members of this cooperative (not left) that are this person or linked to the same entity. */
  existingMemberships: number;
}

export interface RegistrarFailure {
  rule: 'age' | 'domicile' | 'duplicate';
  reason: Bilingual;
}

const EVER_MARRIED = new Set(['KAWIN', 'CERAI HIDUP', 'CERAI MATI', 'MARRIED', 'DIVORCED', 'WIDOWED']);

/** Whole years between an ISO birth date and an ISO date (the birthday counts on the day itself). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.slice(0, 10).split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** District code (PP.RR.DD) of a village code. */
const districtOf = (code: string) => code.split('.').slice(0, 3).join('.');

/** Every rule the applicant fails (empty: may be registered) as of the join date. */
export function registrarFailures(
  applicant: Applicant,
  target: MembershipTarget,
  joinOn: string,
): RegistrarFailure[] {
  const failures: RegistrarFailure[] = [];
  const married = EVER_MARRIED.has((applicant.maritalStatus ?? '').trim().toUpperCase());
  if (!married) {
    if (applicant.birthDate === null) {
      failures.push({
        rule: 'age',
        reason: say(
          'birth date unknown and not recorded as married: age 17+ cannot be checked',
          'tanggal lahir tidak diketahui dan tidak tercatat kawin: usia 17+ tidak dapat diperiksa',
        ),
      });
    } else {
      const age = ageOn(applicant.birthDate, joinOn);
      if (age < MIN_MEMBER_AGE)
        failures.push({
          rule: 'age',
          reason: say(
            `aged ${age} on ${joinOn} and not married: members must be 17 or older, or married`,
            `berusia ${age} pada ${joinOn} dan belum kawin: anggota harus berusia 17 tahun ke atas atau sudah kawin`,
          ),
        });
    }
  }
  const sameVillage = applicant.villageCode === target.cooperativeVillageCode;
  const sameDistrict = districtOf(applicant.villageCode) === districtOf(target.cooperativeVillageCode);
  if (!sameVillage && !(target.match === 'district_nearest' && sameDistrict)) {
    failures.push({
      rule: 'domicile',
      reason: say(
        `domicile ${applicant.villageCode} is outside the cooperative's village ${target.cooperativeVillageCode}` +
          (target.match === 'district_nearest' ? ' and its district' : ''),
        `domisili ${applicant.villageCode} di luar desa/kelurahan koperasi ${target.cooperativeVillageCode}` +
          (target.match === 'district_nearest' ? ' dan kecamatannya' : ''),
      ),
    });
  }
  if (target.existingMemberships > 0) {
    failures.push({
      rule: 'duplicate',
      reason: say(
        'already a member of this cooperative (one membership per person per cooperative)',
        'sudah menjadi anggota koperasi ini (satu keanggotaan per orang per koperasi)',
      ),
    });
  }
  return failures;
}

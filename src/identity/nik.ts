import { isLeapYear, isValidDate } from '../shared/civil-date.js';
import { digitsAt } from '../shared/digits.js';
import { issue, type Issue } from './issue.js';

/** Calendar checks live in src/shared/civil-date.ts; re-exported for the identifier code that uses them. */
export { isLeapYear, isValidDate };

/**
 * NIK (Nomor Induk Kependudukan), 16 digits: PPRRDD (province, regency, district of first registration),
 * DDMMYY (birth date; 40 is added to the day for women), SSSS (serial from 0001). Offline only the structure
 * can be checked. Pure: the caller supplies which region codes exist.
 */
export interface ParsedNik {
  nik: string;
  valid: boolean;
  province_code: string | null;
  regency_code: string | null;
  district_code: string | null;
  birth_date: string | null;
  sex: 'L' | 'P' | null;
  serial: string | null;
  errors: Issue[];
  warnings: Issue[];
}

/** Which region codes exist today (dotted). Codes no longer in it are treated as historical. */
export interface RegionCodeSet {
  has(code: string): boolean;
}

export interface NikContext {
  /** Current reference regions; without it the region prefix is checked for shape only. */
  regions?: RegionCodeSet;
  /** Date the NIK is judged at (birth dates after it are impossible). Default: today. */
  referenceDate?: Date;
  /** A birth year known from elsewhere (e.g. a date column), used to choose the century. */
  birthYearHint?: number;
}

/** Province codes that existed but are gone (54 Timor Timur until 1999): accepted with a warning. */
const HISTORICAL_PROVINCES = new Set(['54']);

export function parseNik(input: string, context: NikContext = {}): ParsedNik {
  const nik = input.trim();
  const result: ParsedNik = {
    nik,
    valid: false,
    province_code: null,
    regency_code: null,
    district_code: null,
    birth_date: null,
    sex: null,
    serial: null,
    errors: [],
    warnings: [],
  };
  if (!/^\d{16}$/.test(nik)) {
    const what = /^\d*$/.test(nik) ? `has ${nik.length} digits` : 'contains characters other than digits';
    const whatId = /^\d*$/.test(nik) ? `berisi ${nik.length} digit` : 'berisi karakter selain angka';
    result.errors.push(
      issue(
        'nik_format',
        `NIK "${nik}" ${what}; a NIK is exactly 16 digits`,
        `NIK "${nik}" ${whatId}; NIK harus tepat 16 digit`,
      ),
    );
    return result;
  }
  checkRegion(nik, context.regions, result);
  checkBirthDate(nik, context, result);
  const serial = nik.slice(12);
  result.serial = serial;
  if (serial === '0000') {
    result.errors.push(
      issue(
        'nik_serial',
        `NIK "${nik}": serial 0000 is not issued (serials start at 0001)`,
        `NIK "${nik}": nomor urut 0000 tidak pernah diterbitkan (mulai 0001)`,
      ),
    );
  }
  result.valid = result.errors.length === 0;
  return result;
}

/** What a 6-digit region prefix says about a NIK: the same for every NIK that starts with it. */
interface RegionVerdict {
  province: string;
  regency: string;
  district: string;
  /** ok; zero part; province gone (historical); province unknown; regency or district not current. */
  kind: 'ok' | 'zero' | 'province_historical' | 'province_unknown' | 'missing';
  missing: string | null;
}

/**
 * Verdicts by prefix (as a number) per region set: an import checks millions of NIKs from a few thousand
 * districts. Bounded, since a file may hold arbitrary prefixes.
 */
const verdicts = new WeakMap<RegionCodeSet, Map<number, RegionVerdict>>();
const VERDICTS_MAX = 100_000;

function regionVerdict(nik: string, regions: RegionCodeSet | undefined): RegionVerdict {
  let memo: Map<number, RegionVerdict> | undefined;
  let key = 0;
  if (regions) {
    memo = verdicts.get(regions);
    if (!memo) verdicts.set(regions, (memo = new Map<number, RegionVerdict>()));
    key = digitsAt(nik, 0, 6);
    const known = memo.get(key);
    if (known) return known;
  }
  const p = nik.slice(0, 2);
  const r = nik.slice(2, 4);
  const d = nik.slice(4, 6);
  const verdict: RegionVerdict = {
    province: p,
    regency: `${p}.${r}`,
    district: `${p}.${r}.${d}`,
    kind: 'ok',
    missing: null,
  };
  if (p === '00' || r === '00' || d === '00') verdict.kind = 'zero';
  else if (!regions) verdict.kind = 'ok';
  else if (!regions.has(p)) {
    verdict.kind = HISTORICAL_PROVINCES.has(p) ? 'province_historical' : 'province_unknown';
  } else {
    // Regencies and districts split and are renumbered; a NIK keeps the code of first registration.
    verdict.missing = !regions.has(verdict.regency)
      ? verdict.regency
      : !regions.has(verdict.district)
        ? verdict.district
        : null;
    if (verdict.missing) verdict.kind = 'missing';
  }
  if (memo && memo.size < VERDICTS_MAX) memo.set(key, verdict);
  return verdict;
}

function checkRegion(nik: string, regions: RegionCodeSet | undefined, result: ParsedNik): void {
  const verdict = regionVerdict(nik, regions);
  const p = verdict.province;
  result.province_code = p;
  result.regency_code = verdict.regency;
  result.district_code = verdict.district;
  switch (verdict.kind) {
    case 'ok':
      return;
    case 'zero':
      result.errors.push(
        issue(
          'nik_region',
          `NIK "${nik}": region prefix ${verdict.district} has a zero part`,
          `NIK "${nik}": kode wilayah ${verdict.district} memuat bagian 00`,
        ),
      );
      return;
    case 'province_historical':
      result.warnings.push(
        issue(
          'nik_region_historical',
          `NIK "${nik}": province ${p} no longer exists (historical code)`,
          `NIK "${nik}": provinsi ${p} sudah tidak ada (kode historis)`,
        ),
      );
      return;
    case 'province_unknown':
      result.errors.push(
        issue(
          'nik_region',
          `NIK "${nik}": province code ${p} does not exist`,
          `NIK "${nik}": kode provinsi ${p} tidak dikenal`,
        ),
      );
      return;
    case 'missing':
      result.warnings.push(
        issue(
          'nik_region_historical',
          `NIK "${nik}": region ${verdict.missing} is not in the current Kemendagri list (historical or unknown code)`,
          `NIK "${nik}": wilayah ${verdict.missing} tidak ada dalam daftar Kemendagri terkini (kode historis atau tidak dikenal)`,
        ),
      );
  }
}

function checkBirthDate(nik: string, context: NikContext, result: ParsedNik): void {
  // Sixteen digits (checked by the caller): read the pairs without slicing strings.
  const rawDay = digitsAt(nik, 6, 2);
  const month = digitsAt(nik, 8, 2);
  const yy = digitsAt(nik, 10, 2);
  const female = rawDay > 40;
  const day = female ? rawDay - 40 : rawDay;
  if (rawDay === 0 || (rawDay > 31 && rawDay <= 40) || rawDay > 71) {
    result.errors.push(
      issue(
        'nik_birth_day',
        `NIK "${nik}": day ${nik.slice(6, 8)} is impossible (1–31 for men, 41–71 for women)`,
        `NIK "${nik}": tanggal ${nik.slice(6, 8)} tidak mungkin (1–31 laki-laki, 41–71 perempuan)`,
      ),
    );
    return;
  }
  result.sex = female ? 'P' : 'L';
  if (month < 1 || month > 12) {
    result.errors.push(
      issue(
        'nik_birth_month',
        `NIK "${nik}": month ${nik.slice(8, 10)} is impossible`,
        `NIK "${nik}": bulan ${nik.slice(8, 10)} tidak mungkin`,
      ),
    );
    return;
  }
  const reference = context.referenceDate ?? new Date();
  const year = inferBirthYear(yy, reference, context.birthYearHint);
  if (!isValidDate(year, month, day)) {
    result.errors.push(
      issue(
        'nik_birth_date',
        `NIK "${nik}": ${pad(day)}-${pad(month)}-${year} is not a calendar date`,
        `NIK "${nik}": ${pad(day)}-${pad(month)}-${year} bukan tanggal yang ada`,
      ),
    );
    return;
  }
  const iso = `${year}-${pad(month)}-${pad(day)}`;
  if (iso > isoDay(reference)) {
    result.errors.push(
      issue(
        'nik_birth_future',
        `NIK "${nik}": birth date ${iso} is in the future`,
        `NIK "${nik}": tanggal lahir ${iso} di masa depan`,
      ),
    );
    return;
  }
  result.birth_date = iso;
}

/**
 * Chooses the century for a two-digit year: the hint's century when its last two digits agree, otherwise the
 * latest year not after the reference date (a NIK holder is alive, so at most ~100 years old).
 */
export function inferBirthYear(yy: number, reference: Date, hint?: number): number {
  if (hint !== undefined && hint % 100 === yy) return hint;
  const candidate = 2000 + yy;
  return candidate <= reference.getUTCFullYear() ? candidate : 1900 + yy;
}

/** YYYY-MM-DD of a date (UTC), remembered for the last date asked: imports judge millions of NIKs at one date. */
let lastDay: { time: number; iso: string } | undefined;
function isoDay(date: Date): string {
  const time = date.getTime();
  if (lastDay?.time !== time) lastDay = { time, iso: date.toISOString().slice(0, 10) };
  return lastDay.iso;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Builds a NIK from its parts (for synthetic data and tests). */
export function formatNik(parts: {
  district: string;
  birthDate: string;
  sex: 'L' | 'P';
  serial: number;
}): string {
  const [y, m, d] = parts.birthDate.split('-');
  const day = Number(d) + (parts.sex === 'P' ? 40 : 0);
  return `${parts.district.replace(/\./g, '')}${pad(day)}${m}${y!.slice(2)}${String(parts.serial).padStart(4, '0')}`;
}

/** Masks a NIK or No. KK for roles without pii:read: first 4 and last 4 digits stay. */
export function maskIdentifier(value: string | null): string | null {
  if (value === null) return null;
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

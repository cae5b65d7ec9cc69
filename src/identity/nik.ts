import { issue, type Issue } from './issue.js';

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

function checkRegion(nik: string, regions: RegionCodeSet | undefined, result: ParsedNik): void {
  const [p, r, d] = [nik.slice(0, 2), nik.slice(2, 4), nik.slice(4, 6)];
  result.province_code = p;
  result.regency_code = `${p}.${r}`;
  result.district_code = `${p}.${r}.${d}`;
  if (p === '00' || r === '00' || d === '00') {
    result.errors.push(
      issue(
        'nik_region',
        `NIK "${nik}": region prefix ${p}.${r}.${d} has a zero part`,
        `NIK "${nik}": kode wilayah ${p}.${r}.${d} memuat bagian 00`,
      ),
    );
    return;
  }
  if (!regions) return;
  if (!regions.has(p)) {
    if (HISTORICAL_PROVINCES.has(p)) {
      result.warnings.push(
        issue(
          'nik_region_historical',
          `NIK "${nik}": province ${p} no longer exists (historical code)`,
          `NIK "${nik}": provinsi ${p} sudah tidak ada (kode historis)`,
        ),
      );
    } else {
      result.errors.push(
        issue(
          'nik_region',
          `NIK "${nik}": province code ${p} does not exist`,
          `NIK "${nik}": kode provinsi ${p} tidak dikenal`,
        ),
      );
    }
    return;
  }
  // Regencies and districts split and are renumbered; a NIK keeps the code of first registration.
  const missing = !regions.has(result.regency_code)
    ? result.regency_code
    : !regions.has(result.district_code)
      ? result.district_code
      : null;
  if (missing) {
    result.warnings.push(
      issue(
        'nik_region_historical',
        `NIK "${nik}": region ${missing} is not in the current Kemendagri list (historical or unknown code)`,
        `NIK "${nik}": wilayah ${missing} tidak ada dalam daftar Kemendagri terkini (kode historis atau tidak dikenal)`,
      ),
    );
  }
}

function checkBirthDate(nik: string, context: NikContext, result: ParsedNik): void {
  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** YYYY-MM-DD of a date (UTC), remembered for the last date asked: imports judge millions of NIKs at one date. */
let lastDay: { time: number; iso: string } | undefined;
function isoDay(date: Date): string {
  const time = date.getTime();
  if (lastDay?.time !== time) lastDay = { time, iso: date.toISOString().slice(0, 10) };
  return lastDay.iso;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
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

import { digitsAt } from '../../shared/digits.js';
import { isAdjacentTransposition } from './id-field.js';
import { defineField, type FieldComparator } from './field.js';
import type { DateFeature } from './date-field.js';

export const NIK_LEVELS = [
  'exact',
  'one digit wrong',
  'adjacent digits transposed',
  'only the serial differs',
  'two digits differ',
  'else',
];

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The 16 digits of a NIK, or null (spaces, dots and a leading apostrophe from spreadsheets are dropped). */
export function nikDigits(raw: string): string | null {
  if (raw.length === 16 && allDigits(raw)) return raw;
  const d = raw.replace(/[^0-9]/g, '');
  return d.length === 16 ? d : null;
}

export function compareNiks(a: string, b: string): number {
  if (a === b) return 1;
  let diff = 0;
  let first = -1;
  for (let i = 0; i < 16; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (first < 0) first = i;
      diff++;
    }
  }
  if (diff === 1) return first >= 12 ? 4 : 2;
  if (diff === 2 && isAdjacentTransposition(a, b)) return 3;
  if (first >= 12) return 4;
  // Wider: two NIKs of one district and birth year differ in a few digits anyway (different people).
  return diff === 2 ? 5 : 6;
}

/**
 * NIK: exact, one digit wrong, transposition; a difference confined to the serial (digits 13–16, as between
 * twins or siblings registered together) is its own level, so it is not mistaken for a typing error.
 */
export function nikField(column: string): FieldComparator {
  return defineField<string>({
    label: column,
    type: 'nik',
    columns: [column],
    levels: NIK_LEVELS,
    tf: false,
    prepare: ([v]) => (v ? nikDigits(v) : null),
    compare: compareNiks,
    exactKey: (f) => f,
    blockKey: (f) => f,
    blocksOnExactKey: true,
  });
}

export function sexCode(raw: string | null): 1 | 2 | 0 {
  if (!raw) return 0;
  const s = raw.trim().toLowerCase();
  if (s === 'l' || s === 'm' || s === '1' || s === 'male' || s === 'laki-laki' || s === 'lk' || s === 'pria')
    return 1;
  if (
    s === 'p' ||
    s === 'f' ||
    s === '2' ||
    s === 'female' ||
    s === 'perempuan' ||
    s === 'pr' ||
    s === 'wanita'
  )
    return 2;
  return 0;
}

interface NikDobFeature {
  /** NIK digits 7–12 (DDMMYY, day + 40 for women), or null. */
  nikDate: string | null;
  /** Birth date as DDMMYY with the sex offset applied when sex is known, and without it. */
  dob: DateFeature | null;
  sex: 1 | 2 | 0;
}

export const NIK_DOB_LEVELS = [
  'NIK encodes the other birth date and sex',
  'NIK date nearly agrees',
  'NIK disagrees',
];

/** How well one record's NIK encodes the other's birth date and sex: 1 consistent, 2 near, 3 no; 0 no evidence. */
function check(nikDate: string, dob: DateFeature, sex: 1 | 2 | 0): number {
  let day = Number(nikDate.slice(0, 2));
  const month = Number(nikDate.slice(2, 4));
  const yy = Number(nikDate.slice(4, 6));
  const female = day > 40;
  if (female) day -= 40;
  const sexOk = sex === 0 || (sex === 2) === female;
  const yOk = yy === dob.y % 100;
  if (day === dob.d && month === dob.m && yOk) return sexOk ? 1 : 2;
  let near = 0;
  if (day === dob.d) near++;
  if (month === dob.m) near++;
  if (yOk) near++;
  if (near === 2 || (day === dob.m && month === dob.d && yOk)) return 2;
  return 3;
}

/**
 * Derived field: the birth date and sex inside a NIK as evidence about the other record's birth date and sex
 * (useful when one side lacks a NIK or has it mistyped).
 */
export function nikBirthDateField(
  nikColumn: string,
  dateColumn: string,
  sexColumn: string | null,
  parseDate: (raw: string) => DateFeature | null,
): FieldComparator {
  return defineField<NikDobFeature>({
    label: `${nikColumn}_${dateColumn}`,
    type: 'nik_birth_date',
    columns: sexColumn ? [nikColumn, dateColumn, sexColumn] : [nikColumn, dateColumn],
    levels: NIK_DOB_LEVELS,
    tf: false,
    // Only digits 7–12 of a NIK are read: its key is those six digits as a number, and it stands for a NIK with
    // just those digits (zeros elsewhere).
    reduce: [
      {
        key: (nik) => {
          const digits = nikDigits(nik);
          return digits ? digitsAt(digits, 6, 6) : -1;
        },
        value: (date) => `000000${String(date).padStart(6, '0')}0000`,
      },
      null,
      null,
    ],
    prepare: ([nik, date, sex]) => {
      const digits = nik ? nikDigits(nik) : null;
      const dob = date ? parseDate(date) : null;
      if (!digits && !dob) return null;
      return { nikDate: digits ? digits.slice(6, 12) : null, dob, sex: sexCode(sex ?? null) };
    },
    compare: (a, b) => {
      // Both birth dates known: the date field compares them, and a NIK encodes a date too (the NIK field's own
      // levels); counting the NIK's date against the other birth date once more would count it twice.
      if (a.dob && b.dob) return 0;
      let worst = 0;
      if (a.nikDate && b.dob) worst = Math.max(worst, check(a.nikDate, b.dob, b.sex));
      if (b.nikDate && a.dob) worst = Math.max(worst, check(b.nikDate, a.dob, a.sex));
      return worst;
    },
    blockKey: () => null,
  });
}

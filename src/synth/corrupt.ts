import { isValidDate } from '../identity/nik.js';
import {
  abbreviationVariant,
  muhammadVariant,
  nicknameVariant,
  oldSpellingVariant,
  spellingVariant,
  titleVariant,
  tokenOrderVariant,
  typoVariant,
} from './name-variants.js';
import type { Rng } from '../shared/random.js';

/** A person as another source lists them. Fields a source lacks may be null. */
export interface PersonRecord {
  nik: string | null;
  name: string;
  sex: 'L' | 'P';
  birthDate: string | null;
  /** When known, titles added by mistake fit it (H./Hj. only for Muslims). */
  muslim?: boolean;
}

/** Every kind of injected error, as recorded in the evaluation truth. */
export const CORRUPTION_KINDS = [
  'nik_missing',
  'nik_wrong_digit',
  'nik_transposed',
  'nik_excel_rounded',
  'name_spelling',
  'name_title',
  'name_muhammad',
  'name_old_spelling',
  'name_nickname',
  'name_token_order',
  'name_abbreviated',
  'name_typo',
  'birth_day_month_swapped',
  'birth_year_off',
] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** Probability of each error per record. NIK errors are exclusive (at most one); the others independent. */
export type CorruptionRates = Partial<Record<CorruptionKind, number>> & {
  /** Share of records written in capitals (formatting, not an error: no kind is recorded). */
  uppercase?: number;
};

/** A bansos recipient list (typed from forms by district staff). */
export const BANSOS_LIST_RATES: CorruptionRates = {
  nik_missing: 0.03,
  nik_wrong_digit: 0.02,
  nik_transposed: 0.01,
  nik_excel_rounded: 0.005,
  name_spelling: 0.06,
  name_title: 0.03,
  name_muhammad: 0.5,
  name_old_spelling: 0.02,
  name_nickname: 0.01,
  name_token_order: 0.02,
  name_abbreviated: 0.03,
  name_typo: 0.03,
  birth_day_month_swapped: 0.02,
  birth_year_off: 0.02,
  uppercase: 0.7,
};

/** A cooperative's member register (handwritten forms, typed later; nicknames and missing NIKs common). */
export const MEMBER_REGISTER_RATES: CorruptionRates = {
  nik_missing: 0.12,
  nik_wrong_digit: 0.04,
  nik_transposed: 0.02,
  nik_excel_rounded: 0.02,
  name_spelling: 0.1,
  name_title: 0.08,
  name_muhammad: 0.6,
  name_old_spelling: 0.02,
  name_nickname: 0.06,
  name_token_order: 0.03,
  name_abbreviated: 0.06,
  name_typo: 0.05,
  birth_day_month_swapped: 0.03,
  birth_year_off: 0.03,
  uppercase: 0.4,
};

export interface CorruptedRecord {
  record: PersonRecord;
  /** The errors actually applied (a rule that does not apply to this name is not listed). */
  errors: CorruptionKind[];
}

/**
 * The same person as another source would list them: NIK missing or mistyped, name written differently,
 * birth date slipped. Pure: same rng state and input ⇒ same output. `name_muhammad` applies only to names
 * with a Muhammad token, `name_nickname` only to names with a known nickname, and so on.
 */
export function corruptPersonRecord(rng: Rng, person: PersonRecord, rates: CorruptionRates): CorruptedRecord {
  const errors: CorruptionKind[] = [];
  let nik = person.nik;
  if (nik !== null) {
    const r = rng.next();
    let edge = rates.nik_missing ?? 0;
    if (r < edge) {
      nik = null;
      errors.push('nik_missing');
    } else if (r < (edge += rates.nik_wrong_digit ?? 0)) {
      nik = wrongDigit(rng, nik);
      errors.push('nik_wrong_digit');
    } else if (r < (edge += rates.nik_transposed ?? 0)) {
      const swapped = transposeDigits(rng, nik);
      if (swapped !== nik) {
        nik = swapped;
        errors.push('nik_transposed');
      }
    } else if (r < edge + (rates.nik_excel_rounded ?? 0) && !nik.endsWith('0')) {
      // A spreadsheet keeps 15 significant digits: the last one becomes 0.
      nik = nik.slice(0, 15) + '0';
      errors.push('nik_excel_rounded');
    }
  }

  let name = person.name;
  const tryName = (kind: CorruptionKind, change: (current: string) => string | null) => {
    if (!rng.chance(rates[kind] ?? 0)) return;
    const next = change(name);
    if (next !== null && next !== name && next.trim() !== '') {
      name = next;
      errors.push(kind);
    }
  };
  tryName('name_title', (n) => titleVariant(rng, n, person.sex, person.muslim === true));
  tryName('name_muhammad', (n) => muhammadVariant(rng, n));
  tryName('name_nickname', (n) => nicknameVariant(rng, n));
  tryName('name_old_spelling', (n) => oldSpellingVariant(rng, n));
  tryName('name_spelling', (n) => spellingVariant(rng, n));
  tryName('name_abbreviated', (n) => abbreviationVariant(rng, n));
  tryName('name_token_order', (n) => tokenOrderVariant(rng, n));
  tryName('name_typo', (n) => typoVariant(rng, n));
  if (rng.chance(rates.uppercase ?? 0)) name = name.toUpperCase();

  let birthDate = person.birthDate;
  if (birthDate !== null) {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    if (rng.chance(rates.birth_day_month_swapped ?? 0) && d <= 12 && d !== m) {
      birthDate = `${y}-${pad(d)}-${pad(m)}`;
      errors.push('birth_day_month_swapped');
    }
    if (rng.chance(rates.birth_year_off ?? 0)) {
      const [y2, m2, d2] = birthDate.split('-').map(Number) as [number, number, number];
      const year = y2 + (rng.chance(0.5) ? 1 : -1);
      birthDate = `${year}-${pad(m2)}-${pad(isValidDate(year, m2, d2) ? d2 : 28)}`;
      errors.push('birth_year_off');
    }
  }
  return { record: { ...person, nik, name, birthDate }, errors };
}

/** One digit replaced by another (never the same digit). */
export function wrongDigit(rng: Rng, nik: string): string {
  const i = rng.int(0, nik.length - 1);
  const old = Number(nik[i]);
  const digit = (old + rng.int(1, 9)) % 10;
  return nik.slice(0, i) + String(digit) + nik.slice(i + 1);
}

/** Two adjacent different digits swapped; the input unchanged if all digits are equal. */
export function transposeDigits(rng: Rng, nik: string): string {
  const positions: number[] = [];
  for (let i = 0; i + 1 < nik.length; i++) if (nik[i] !== nik[i + 1]) positions.push(i);
  if (positions.length === 0) return nik;
  const i = rng.pick(positions);
  return nik.slice(0, i) + nik[i + 1] + nik[i] + nik.slice(i + 2);
}

const pad = (n: number) => String(n).padStart(2, '0');

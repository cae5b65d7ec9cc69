import { issue, type Issue } from '../identity/issue.js';
import { isValidDate } from '../identity/nik.js';
import { digitsAt } from '../shared/digits.js';
import { excelSerialToIso } from '../shared/excel-serial.js';

/**
 * Parsers for single cell values. Each returns the clean value or an Issue naming the problem in English and
 * Bahasa Indonesia. Cells arrive as text (CSV) or as numbers/dates (XLSX).
 */
export type CellValue = string | number | boolean | Date | null | undefined;
export type Parsed<T> = { value: T } | { error: Issue };

export function cellText(cell: CellValue): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

const pad = (n: number) => String(n).padStart(2, '0');
/**
 * Dates as YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, or an Excel serial/date cell (XLSX). Impossible dates, years
 * before 1900 and dates after `today` (YYYY-MM-DD) are errors.
 */
export function parseDateCell(cell: CellValue, today: string): Parsed<string> {
  let iso: string | null = null;
  const text = cellText(cell);
  if (typeof cell === 'string' && isCanonicalDate(text)) {
    // The common case (YYYY-MM-DD, year from 1000) without regular expressions or new strings.
    const y = digitsAt(text, 0, 4);
    const mo = digitsAt(text, 5, 2);
    const d = digitsAt(text, 8, 2);
    if (isValidDate(y, mo, d) && text >= '1900-01-01' && text <= today) return { value: text };
  }
  if (cell instanceof Date) iso = cell.toISOString().slice(0, 10);
  else if (typeof cell === 'number') iso = cell >= 1 && cell < 2_958_466 ? excelSerialToIso(cell) : null;
  else {
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    let parts: [number, number, number] | null = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
    m = parts ? null : /^(\d{1,2})([-/])(\d{1,2})\2(\d{4})$/.exec(text);
    if (m) parts = [Number(m[4]), Number(m[3]), Number(m[1])];
    if (parts) {
      const [y, mo, d] = parts;
      iso = isValidDate(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : 'invalid';
      if (iso === 'invalid') {
        return {
          error: issue(
            'date_impossible',
            `"${text}" is not a calendar date`,
            `"${text}" bukan tanggal yang ada`,
          ),
        };
      }
    }
  }
  if (iso === null) {
    return {
      error: issue(
        'date_format',
        `"${text}" is not a date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)`,
        `"${text}" bukan tanggal (gunakan YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY)`,
      ),
    };
  }
  if (iso < '1900-01-01') {
    return {
      error: issue('date_impossible', `date ${iso} is before 1900`, `tanggal ${iso} sebelum tahun 1900`),
    };
  }
  if (iso > today) {
    return {
      error: issue('date_future', `date ${iso} is in the future`, `tanggal ${iso} di masa depan`),
    };
  }
  return { value: iso };
}

/** Whether text is DDDD-DD-DD with a first digit other than 0 (so the ISO form of its date is itself). */
function isCanonicalDate(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const first = text.charCodeAt(0);
  if (first < 49 || first > 57) return false;
  for (const i of DATE_DIGITS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
const DATE_DIGITS = [1, 2, 3, 5, 6, 8, 9];

const SEX: Record<string, 'L' | 'P'> = {
  l: 'L',
  'laki-laki': 'L',
  lakilaki: 'L',
  'laki laki': 'L',
  pria: 'L',
  '1': 'L',
  p: 'P',
  perempuan: 'P',
  wanita: 'P',
  '2': 'P',
};

export function parseSex(cell: CellValue): Parsed<'L' | 'P'> {
  const text = cellText(cell);
  const sex = SEX[text.toLowerCase()];
  return sex
    ? { value: sex }
    : {
        error: issue(
          'sex_value',
          `"${text}" is not a sex (L/P, LAKI-LAKI/PEREMPUAN, 1/2)`,
          `"${text}" bukan jenis kelamin (L/P, LAKI-LAKI/PEREMPUAN, 1/2)`,
        ),
      };
}

/** Dukcapil "status hubungan dalam keluarga" codes 1–11 and their labels. */
const RELATION_LABELS: Record<string, number> = {
  'kepala keluarga': 1,
  suami: 2,
  istri: 3,
  'suami/istri': 3,
  anak: 4,
  menantu: 5,
  cucu: 6,
  'orang tua': 7,
  orangtua: 7,
  mertua: 8,
  'famili lain': 9,
  pembantu: 10,
  lainnya: 11,
};

export function parseRelation(cell: CellValue): Parsed<number> {
  const text = cellText(cell);
  const n = /^\d{1,2}$/.test(text) ? Number(text) : RELATION_LABELS[text.toLowerCase().replace(/\s+/g, ' ')];
  return n !== undefined && n >= 1 && n <= 11
    ? { value: n }
    : {
        error: issue(
          'relation_value',
          `"${text}" is not a family relationship (Dukcapil code 1–11 or its label)`,
          `"${text}" bukan hubungan keluarga (kode Dukcapil 1–11 atau labelnya)`,
        ),
      };
}

export function parseYesNo(cell: CellValue): Parsed<boolean> {
  const text = cellText(cell).toLowerCase();
  if (text === '' || text === '0' || text === 'tidak' || text === 't' || text === 'no' || text === 'false') {
    return { value: false };
  }
  if (text === '1' || text === 'ya' || text === 'y' || text === 'yes' || text === 'true')
    return { value: true };
  return {
    error: issue('yes_no_value', `"${text}" is not 1/0 or YA/TIDAK`, `"${text}" bukan 1/0 atau YA/TIDAK`),
  };
}

export function parseDecile(cell: CellValue): Parsed<number> {
  const text = cellText(cell);
  const n = Number(text);
  return /^\d{1,2}$/.test(text) && n >= 1 && n <= 10
    ? { value: n }
    : {
        error: issue(
          'decile_range',
          `decile "${text}" is not a whole number from 1 to 10`,
          `desil "${text}" bukan bilangan bulat 1 sampai 10`,
        ),
      };
}

/** Rupiah as a whole number: "250000", "250.000", "Rp 250.000" (dots group thousands in Indonesian). */
export function parseRupiah(cell: CellValue): Parsed<number> {
  if (typeof cell === 'number' && Number.isInteger(cell) && cell >= 0) return { value: cell };
  const text = cellText(cell);
  const digits = text.replace(/^rp\.?\s*/i, '').replace(/[.\s]/g, '');
  return /^\d{1,15}$/.test(digits) && !/\.\d{1,2}$/.test(text)
    ? { value: Number(digits) }
    : {
        error: issue(
          'amount_value',
          `"${text}" is not a whole rupiah amount`,
          `"${text}" bukan jumlah rupiah bulat`,
        ),
      };
}

export function parseNumberCell(cell: CellValue): Parsed<number> {
  if (typeof cell === 'number' && Number.isFinite(cell)) return { value: cell };
  const text = cellText(cell);
  const n = Number(text.replace(',', '.'));
  return text !== '' && Number.isFinite(n)
    ? { value: n }
    : { error: issue('number_value', `"${text}" is not a number`, `"${text}" bukan angka`) };
}

export function requiredMissing(field: string): Issue {
  return issue('required', `${field} is required`, `${field} wajib diisi`);
}

import { defineField, type FieldComparator } from './field.js';

export interface DateFeature {
  y: number;
  m: number;
  d: number;
  /** YYYYMMDD */
  s: string;
}

export const DATE_LEVELS = [
  'exact',
  'day and month swapped',
  'one year or one digit off',
  'same year',
  'else',
];

function make(y: number, m: number, d: number): DateFeature | null {
  if (!(y >= 1800 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return { y, m, d, s: `${y}${m < 10 ? '0' : ''}${m}${d < 10 ? '0' : ''}${d}` };
}

/** A date parser for a format such as `YYYYMMDD` or `DD/MM/YYYY` (YYYY, MM, DD and literal separators). */
export function dateParser(format: string | undefined): (raw: string) => DateFeature | null {
  if (format) {
    const order: ('y' | 'm' | 'd')[] = [];
    const pattern = format.replace(/YYYY|MM|DD|[/.\- ]/g, (t) => {
      if (t === 'YYYY') return (order.push('y'), '(\\d{4})');
      if (t === 'MM') return (order.push('m'), '(\\d{1,2})');
      if (t === 'DD') return (order.push('d'), '(\\d{1,2})');
      return t === ' ' ? '\\s*' : `\\${t}`;
    });
    const re = new RegExp(
      `^${format.includes('/') || format.includes('-') || format.includes('.') ? pattern : pattern.replace(/\{1,2\}/g, '{2}')}$`,
    );
    return (raw) => {
      const m = re.exec(raw);
      if (!m) return null;
      const part = { y: 0, m: 0, d: 0 };
      order.forEach((k, i) => (part[k] = Number(m[i + 1])));
      return make(part.y, part.m, part.d);
    };
  }
  return (raw) => {
    let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(raw);
    if (m) return make(Number(m[1]), Number(m[2]), Number(m[3]));
    m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
    if (m) return make(Number(m[1]), Number(m[2]), Number(m[3]));
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(raw);
    if (m) return make(Number(m[3]), Number(m[2]), Number(m[1]));
    return null;
  };
}

function oneDigitOff(a: string, b: string): boolean {
  let diff = 0;
  for (let i = 0; i < 8; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diff > 1) return false;
  return diff === 1;
}

export function compareDates(a: DateFeature, b: DateFeature): number {
  if (a.s === b.s) return 1;
  if (a.y === b.y && a.m === b.d && a.d === b.m) return 2;
  if ((a.m === b.m && a.d === b.d && Math.abs(a.y - b.y) === 1) || oneDigitOff(a.s, b.s)) return 3;
  return a.y === b.y ? 4 : 5;
}

export function dateField(column: string, format?: string, tf = false): FieldComparator {
  // prepare runs once per distinct value (prepareTables), so no cache here.
  const parse = dateParser(format);
  return defineField<DateFeature>({
    label: column,
    type: 'date',
    columns: [column],
    levels: DATE_LEVELS,
    tf,
    prepare: ([v]) => (v ? parse(v) : null),
    compare: compareDates,
    exactKey: (f) => f.s,
    blockKey: (f, modifier) => (modifier === 'year' ? String(f.y) : f.s),
    blocksOnExactKey: true,
  });
}

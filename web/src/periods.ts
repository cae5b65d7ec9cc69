import type { Lang } from './format.js';

/**
 * Indicator periods as the server names them (src/indicators/definition.ts `parsePeriod`): a year "2026", a
 * quarter "2026Q2" or a month "2026-05". As strings they sort wrongly ("2026-10" before "2026Q1"); here they sort
 * by the month they start in, a longer period before the shorter ones it contains (2026, 2026Q1, 2026-01, …).
 */
interface Span {
  /** Months since year 0 of the first month. */
  start: number;
  months: number;
}

function span(period: string): Span | null {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return { start: Number(month[1]) * 12 + Number(month[2]) - 1, months: 1 };
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return { start: Number(quarter[1]) * 12 + (Number(quarter[2]) - 1) * 3, months: 3 };
  const year = /^(\d{4})$/.exec(period);
  if (year) return { start: Number(year[1]) * 12, months: 12 };
  return null;
}

/** Chronological order; a text that is no period goes last, in string order. */
export function comparePeriods(a: string, b: string): number {
  const x = span(a);
  const y = span(b);
  if (x && y) return x.start - y.start || y.months - x.months;
  if (x) return -1;
  if (y) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "2026-05" → "Mei 2026" / "May 2026"; "2026Q2" → "Triwulan II 2026" / "Q2 2026"; a year stays as it is. */
export function formatPeriod(period: string, lang: Lang): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) {
    const date = new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1));
    return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(date);
  }
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) {
    const q = Number(quarter[2]);
    return lang === 'id' ? `Triwulan ${ROMAN[q - 1]} ${quarter[1]}` : `Q${q} ${quarter[1]}`;
  }
  return period;
}

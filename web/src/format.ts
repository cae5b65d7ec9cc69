/** Numbers, money and dates the Indonesian way (Rp 1.250.000, 5 Desember 2026), or the English way. */
export type Lang = 'id' | 'en';

const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };

export function formatNumber(value: number, lang: Lang, fractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALE[lang], {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** Rupiah without decimals: "Rp 1.250.000" (the same in both languages: it is the currency's own form). */
export function formatRupiah(value: number): string {
  return `Rp ${formatNumber(Math.round(value), 'id')}`;
}

export function formatPercent(share: number, lang: Lang, fractionDigits = 1): string {
  return `${formatNumber(share * 100, lang, fractionDigits)}%`;
}

/** A calendar date "2026-12-05" (or an ISO timestamp) as "5 Desember 2026" / "5 December 2026". */
export function formatDate(iso: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(LOCALE[lang], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(date);
}

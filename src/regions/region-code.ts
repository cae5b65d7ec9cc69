/**
 * Kemendagri region codes (Kepmendagri 300.2.2-2138/2025): PP.RR.DD.VVVV for province, regency/city,
 * district and village. Users write them with or without dots; entas stores the dotted form.
 */
export type RegionLevel = 1 | 2 | 3 | 4;

const DOTTED = /^\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?$/;
const UNDOTTED_LENGTH_TO_LEVEL: Record<number, RegionLevel> = { 2: 1, 4: 2, 6: 3, 10: 4 };

export interface ParsedRegionCode {
  code: string;
  level: RegionLevel;
}

/** Normalises a code written with or without dots; returns null when its shape cannot be a region code. */
export function parseRegionCode(input: string): ParsedRegionCode | null {
  const text = input.trim();
  if (DOTTED.test(text)) return { code: text, level: text.split('.').length as RegionLevel };
  if (!/^\d+$/.test(text)) return null;
  const level = UNDOTTED_LENGTH_TO_LEVEL[text.length];
  if (!level) return null;
  const parts = [text.slice(0, 2), text.slice(2, 4), text.slice(4, 6), text.slice(6, 10)].slice(0, level);
  return { code: parts.join('.'), level };
}

/** The codes of all ancestors, nearest last: ancestors('53.01.05.2001') = ['53', '53.01', '53.01.05']. */
export function regionAncestorCodes(code: string): string[] {
  const parts = code.split('.');
  const result: string[] = [];
  for (let i = 1; i < parts.length; i++) result.push(parts.slice(0, i).join('.'));
  return result;
}

/** True when `code` is `scope` itself or lies inside it. */
export function isWithinRegion(code: string, scope: string): boolean {
  return code === scope || code.startsWith(scope + '.');
}

/** Level-2 codes 71–99 are cities (kota); 01–69 regencies (kabupaten). */
export function regencyKind(code: string): 'kabupaten' | 'kota' {
  return Number(code.slice(3, 5)) >= 71 ? 'kota' : 'kabupaten';
}

/** Village codes whose own part starts with 1 are kelurahan, 2 desa, 3 desa adat. */
export function villageKind(code: string): 'kelurahan' | 'desa' | 'desa_adat' {
  const first = code.slice(9, 10);
  return first === '1' ? 'kelurahan' : first === '3' ? 'desa_adat' : 'desa';
}

/** The province part of any region code: provinceCode('53.01.05.2001') = '53' (the key large tables carry). */
export function provinceCode(code: string): string {
  return code.slice(0, 2);
}

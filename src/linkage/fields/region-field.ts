import { defineField, type FieldComparator } from './field.js';

export const REGION_LEVELS = ['same village', 'same district', 'same regency', 'same province', 'else'];

/** Digits of a Kemendagri code (dotted or not): 2 province, 4 regency, 6 district, 10 village. */
export function regionDigits(raw: string): string | null {
  const d = raw.replace(/[^0-9]/g, '');
  return d.length >= 2 ? d : null;
}

export function compareRegions(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length >= 6 && b.length >= 6 && a.slice(0, 6) === b.slice(0, 6)) return 2;
  if (a.length >= 4 && b.length >= 4 && a.slice(0, 4) === b.slice(0, 4)) return 3;
  return a.slice(0, 2) === b.slice(0, 2) ? 4 : 5;
}

const PREFIX: Record<string, number> = { district: 6, regency: 4, province: 2 };

export function regionField(column: string, tf = false): FieldComparator {
  const digits = regionDigits;
  return defineField<string>({
    label: column,
    type: 'region',
    columns: [column],
    levels: REGION_LEVELS,
    tf,
    prepare: ([v]) => (v ? digits(v) : null),
    compare: compareRegions,
    exactKey: (f) => f,
    blockKey: (f, modifier) => {
      const n = modifier ? PREFIX[modifier] : undefined;
      if (n === undefined) return f;
      return f.length >= n ? f.slice(0, n) : null;
    },
    blocksOnExactKey: true,
  });
}

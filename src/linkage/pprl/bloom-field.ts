/**
 * The `bloom` comparison kind (privacy-preserving mode): a value encoded by pprl-encode.ts as
 * `<Bloom filter, base64>~<keyed blocking key>~<keyed coarse blocking key>`, compared by the Dice coefficient of
 * the filters. Blocking uses the keyed keys: the whole value, or its coarse form for the `first` (first name
 * token or word) and `year` (birth year) modifiers, so blocking rules written for plain data keep working.
 */
import { defineField, memo, type FieldComparator } from '../fields/field.js';
import { compareRegions, regionDigits } from '../fields/region-field.js';
import { bitCount, dice, fromBase64 } from './bloom.js';

export interface BloomFeature {
  bits: Uint32Array;
  count: number;
  /** The filter as received: equal filters agree exactly (level 1). */
  code: string;
  whole: string;
  coarse: string;
}

/** Dice thresholds of levels 2…k-1 (level 1 = identical filters, level k = else). */
const THRESHOLDS = { name: [0.9, 0.8, 0.7, 0.55], text: [0.9, 0.75, 0.6], date: [0.8, 0.6, 0.4] };
export type BloomKind = keyof typeof THRESHOLDS;

export function parseBloom(raw: string): BloomFeature | null {
  const [code, whole, coarse] = raw.split('~');
  if (!code || !whole || !coarse) return null;
  const bits = fromBase64(code);
  return bits ? { bits, count: bitCount(bits), code, whole, coarse } : null;
}

/** Levels 1…k of Dice comparison (level 1 identical filters, level k else). */
function diceLevel(a: BloomFeature, b: BloomFeature, thresholds: readonly number[]): number {
  if (a.code === b.code) return 1;
  const d = dice(a.bits, b.bits, a.count, b.count);
  for (let i = 0; i < thresholds.length; i++) if (d >= thresholds[i]!) return i + 2;
  return thresholds.length + 2;
}

const diceLevels = (thresholds: readonly number[]) => [
  'identical filters',
  ...thresholds.map((t) => `dice >= ${t}`),
  'else',
];

export function bloomField(column: string, kind: BloomKind, tf: boolean): FieldComparator {
  const thresholds = THRESHOLDS[kind];
  const levels = diceLevels(thresholds);
  const prep = memo(parseBloom);
  return defineField<BloomFeature>({
    label: column,
    type: `bloom_${kind}`,
    columns: [column],
    levels,
    tf,
    prepare: ([v]) => (v ? prep(v) : null),
    compare: (a, b) => diceLevel(a, b, thresholds),
    exactKey: (f) => f.code,
    blockKey: (f, modifier) => (modifier === 'first' || modifier === 'year' ? f.coarse : f.whole),
  });
}

/**
 * An encoded address compared only within the same village, as the plain mode compares it
 * (fields/address-field.ts): the Dice levels when the (unencoded) village codes agree, else one last level that
 * adds nothing, so address and village are not counted as independent evidence. Columns: the encoded address,
 * then the region code.
 */
export function bloomWithinRegionField(column: string, regionColumn: string): FieldComparator {
  const thresholds = THRESHOLDS.text;
  const levels = [...diceLevels(thresholds).map((l) => `same village, ${l}`), 'another village'];
  const other = levels.length;
  const prep = memo(parseBloom);
  return defineField<BloomFeature & { region: string }>({
    label: column,
    type: 'bloom_text',
    columns: [column, regionColumn],
    levels,
    tf: false,
    within: regionColumn,
    prepare: ([v, r]) => {
      const bloom = v ? prep(v) : null;
      const region = r ? regionDigits(r) : null;
      return bloom && region ? { ...bloom, region } : null;
    },
    compare: (a, b) => (compareRegions(a.region, b.region) === 1 ? diceLevel(a, b, thresholds) : other),
    exactKey: (f) => `${f.region}|${f.code}`,
    blockKey: (f, modifier) => (modifier === 'first' ? f.coarse : f.whole),
  });
}

import { jaroWinkler } from '../jaro-winkler.js';
import { defineField, normaliseText, type FieldComparator } from './field.js';

export const TEXT_LEVELS = [
  'exact',
  'similarity >= 0.92',
  'similarity >= 0.8',
  'half the words shared',
  'else',
];

interface TextFeature {
  norm: string;
  words: string[];
}

function wordOverlap(a: readonly string[], b: readonly string[]): number {
  let shared = 0;
  for (const w of a) if (b.includes(w)) shared++;
  return shared / Math.max(a.length, b.length);
}

export function compareTexts(a: TextFeature, b: TextFeature): number {
  if (a.norm === b.norm) return 1;
  const s = jaroWinkler(a.norm, b.norm);
  if (s >= 0.92) return 2;
  if (s >= 0.8) return 3;
  return wordOverlap(a.words, b.words) >= 0.5 ? 4 : 5;
}

/** Generic strings (addresses, places, occupations): normalised, Jaro-Winkler and word-overlap levels. */
export function textField(column: string, tf = false): FieldComparator {
  const prep = (raw: string): TextFeature | null => {
    const norm = normaliseText(raw);
    return norm ? { norm, words: norm.split(' ') } : null;
  };
  return defineField<TextFeature>({
    label: column,
    type: 'text',
    columns: [column],
    levels: TEXT_LEVELS,
    tf,
    prepare: ([v]) => (v ? prep(v) : null),
    compare: compareTexts,
    exactKey: (f) => f.norm,
    blockKey: (f, modifier) => (modifier === 'first' ? f.words[0]! : f.norm),
    blocksOnExactKey: true,
  });
}

/** Category / exact: agreement or not, on the trimmed lower-cased value. */
export function categoryField(column: string, type: 'category' | 'exact', tf = false): FieldComparator {
  return defineField<string>({
    label: column,
    type,
    columns: [column],
    levels: ['exact', 'else'],
    tf,
    prepare: ([v]) => (v ? v.toLowerCase() : null),
    compare: (a, b) => (a === b ? 1 : 2),
    exactKey: (f) => f,
    blockKey: (f) => f,
    blocksOnExactKey: true,
  });
}

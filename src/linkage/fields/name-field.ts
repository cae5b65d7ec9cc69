import { normalizePersonName } from '../../identity/name.js';
import { jaroWinkler } from '../jaro-winkler.js';
import { defineField, type FieldComparator } from './field.js';
import { isCallName } from './nicknames.js';

/** A person name normalised (titles, Muhammad spellings, old spellings) with its tokens and sorted key. */
export interface NameFeature {
  norm: string;
  sorted: string;
  tokens: string[];
  /** `sorted` is `norm` (one token, or tokens already in order): the sorted comparison would repeat the other. */
  inOrder: boolean;
}

export const NAME_LEVELS = [
  'exact (order-insensitive)',
  'similarity >= 0.95',
  'similarity >= 0.88',
  'one name contains the other',
  'similarity >= 0.75',
  'else',
] as const;

export function prepareName(raw: string): NameFeature | null {
  const norm = normalizePersonName(raw);
  if (!norm) return null;
  const tokens = norm.split(' ');
  const sorted = [...tokens].sort().join(' ');
  return { norm, sorted, tokens, inOrder: sorted === norm };
}

/**
 * Token similarity: Jaro-Winkler, with an initial matching any token it starts (M. ~ Muhammad) and a common
 * call name its formal name (Wawan ~ Hermawan) as nearly the same.
 */
function tokenSimilarity(a: string, b: string): number {
  if (a.length === 1 || b.length === 1) return a[0] === b[0] ? 0.9 : 0;
  const s = jaroWinkler(a, b);
  return s < 0.9 && isCallName(a, b) ? 0.9 : s;
}

/** Mean best-token similarity of the shorter name's tokens within the longer name (order-insensitive). */
function tokenCover(short: readonly string[], long: readonly string[]): number {
  let sum = 0;
  for (const t of short) {
    let best = 0;
    for (const u of long) {
      const s = tokenSimilarity(t, u);
      if (s > best) best = s;
      if (best === 1) break;
    }
    sum += best;
  }
  return sum / short.length;
}

/** Compares two prepared names into NAME_LEVELS (1-based). */
export function compareNames(a: NameFeature, b: NameFeature): number {
  if (a.norm === b.norm || a.sorted === b.sorted) return 1;
  let s = jaroWinkler(a.norm, b.norm);
  if (!(a.inOrder && b.inOrder)) s = Math.max(s, jaroWinkler(a.sorted, b.sorted));
  const sameCount = a.tokens.length === b.tokens.length;
  if (sameCount && a.tokens.length > 1 && s < 0.95) s = Math.max(s, tokenCover(a.tokens, b.tokens));
  if (s >= 0.95) return 2;
  if (s >= 0.88) return 3;
  if (!sameCount) {
    const [short, long] = a.tokens.length < b.tokens.length ? [a.tokens, b.tokens] : [b.tokens, a.tokens];
    if (tokenCover(short, long) >= 0.93) return 4;
  }
  return s >= 0.75 ? 5 : 6;
}

export function nameField(column: string, tf = true): FieldComparator {
  const prep = prepareName;
  return defineField<NameFeature>({
    label: column,
    type: 'name',
    columns: [column],
    levels: NAME_LEVELS,
    tf,
    prepare: ([v]) => (v ? prep(v) : null),
    compare: compareNames,
    repeats: true,
    exactKey: (f) => f.sorted,
    blockKey: (f, modifier) => (modifier === 'first' ? f.tokens[0]! : f.sorted),
    blocksOnExactKey: true,
  });
}

import { editDistance } from '../jaro-winkler.js';
import { defineField, type FieldComparator } from './field.js';

export const ID_LEVELS = ['exact', 'adjacent digits transposed', 'one edit', 'else'];

/** Adjacent transposition: same length, exactly two differing neighbouring positions holding swapped digits. */
export function isAdjacentTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i >= a.length - 1) return false;
  if (a[i] !== b[i + 1] || a[i + 1] !== b[i]) return false;
  return a.slice(i + 2) === b.slice(i + 2);
}

export function compareIds(a: string, b: string): number {
  if (a === b) return 1;
  if (isAdjacentTransposition(a, b)) return 2;
  return editDistance(a, b, 1) <= 1 ? 3 : 4;
}

/** Identifier strings (digits kept; letters kept upper-cased when present): exact / transposition / one edit. */
export function idField(column: string, tf = false): FieldComparator {
  return defineField<string>({
    label: column,
    type: 'id',
    columns: [column],
    levels: ID_LEVELS,
    tf,
    prepare: ([v]) => {
      if (!v) return null;
      const s = v.toUpperCase().replace(/[^0-9A-Z]/g, '');
      return s ? s : null;
    },
    compare: compareIds,
    exactKey: (f) => f,
    blockKey: (f) => f,
    blocksOnExactKey: true,
  });
}

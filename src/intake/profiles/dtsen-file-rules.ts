import { issue, type Issue } from '../../identity/issue.js';
import { duplicateIssue } from './common-checks.js';

/**
 * Rules of a DTSEN file that span rows: one person appears once (by NIK, or by No. KK + name + birth date when
 * the NIK is missing), and all rows of one No. KK share its village and decile. They are checked in SQL on the
 * staged rows (storage/dtsen-file-checks.ts); these are their messages, as format() templates whose arguments
 * are filled in by the query (%1$s, %2$s, %3$s).
 */
export const DUPLICATE_NIK: Issue = duplicateIssue('NIK', '%1$s');
export const DUPLICATE_PERSON: Issue = duplicateIssue('person (No. KK + name + birth date)', '%1$s');

/** A row of No. KK %1$s whose village (or decile) differs from the household's first row, %3$s, which has %2$s. */
export function householdInconsistent(kind: 'village' | 'decile'): Issue {
  const [en, id] = kind === 'village' ? ['village', 'desa'] : ['decile', 'desil'];
  return issue(
    'household_inconsistent',
    `No. KK %1$s has ${en} %2$s on line %3$s; one household has one village and decile`,
    `No. KK %1$s memiliki ${id} %2$s pada baris %3$s; satu keluarga memiliki satu desa dan desil`,
  );
}

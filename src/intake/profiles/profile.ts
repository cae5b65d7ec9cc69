import type { Issue } from '../../identity/issue.js';
import type { RegionCodeSet } from '../../identity/nik.js';
import { cellText, type CellValue } from '../field-values.js';
import type { FieldSpec } from '../header-match.js';

export type ProfileName = 'dtsen' | 'bansos' | 'cooperatives' | 'members' | 'officers';
export const PROFILE_NAMES: readonly ProfileName[] = [
  'dtsen',
  'bansos',
  'cooperatives',
  'members',
  'officers',
];

/** A problem tied to one field of one row. */
export interface FieldIssue extends Issue {
  field: string;
  value: string;
}

/** Everything a validator needs from outside, loaded once per import (no I/O during validation). */
export interface ValidationContext {
  /** Village codes (dotted) in the regions table. */
  villageCodes: ReadonlySet<string>;
  /** Province/regency/district codes for NIK and No. KK prefixes. */
  regionCodes: RegionCodeSet;
  /** Dates after this (YYYY-MM-DD) are in the future. */
  today: string;
  /** members and officers profiles: cooperative registration number → cooperatives.id. */
  cooperatives?: ReadonlyMap<string, number>;
}

/** One data row: cells by profile field. */
export interface SourceRow {
  line: number;
  get(field: string): CellValue;
  /** Whether the file has a column for the field (the same for every row of a file). */
  has(field: string): boolean;
}

export interface RowOutcome<R> {
  record: R | null;
  errors: FieldIssue[];
  warnings: FieldIssue[];
}

/** Validates rows of one file in order; holds the per-file state needed to find duplicates. */
export type RowValidator<R> = (row: SourceRow) => RowOutcome<R>;

export interface Profile<R> {
  name: ProfileName;
  fields: readonly FieldSpec[];
  createValidator(context: ValidationContext): RowValidator<R>;
  /**
   * Whether a row's outcome depends on that row alone (the validator keeps no per-file state beyond caches),
   * so parts of a file may be validated on separate threads.
   */
  independentRows?: boolean;
  /** Staging-table columns and a record's values in that order (COPY text format). */
  stagingColumns: readonly { name: string; type: string }[];
  toStaging(record: R, line: number): unknown[];
}

/** Small helper used by every profile to collect issues for one row. */
export class RowIssues {
  readonly errors: FieldIssue[] = [];
  readonly warnings: FieldIssue[] = [];
  constructor(private readonly row: SourceRow) {}

  error(field: string, problem: Issue, value: string = cellText(this.row.get(field))): void {
    this.errors.push({ ...problem, field, value });
  }

  warn(field: string, problem: Issue, value: string = cellText(this.row.get(field))): void {
    this.warnings.push({ ...problem, field, value });
  }

  /** Unwraps a parse result, recording its error under `field`. */
  take<T>(field: string, parsed: { value: T } | { error: Issue }): T | null {
    if ('error' in parsed) {
      this.error(field, parsed.error);
      return null;
    }
    return parsed.value;
  }
}

export function text(row: SourceRow, field: string): string {
  return cellText(row.get(field));
}

export function optionalText(row: SourceRow, field: string): string | null {
  const value = cellText(row.get(field));
  return value === '' ? null : value;
}

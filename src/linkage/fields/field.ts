/**
 * A compared field: turns raw column values into a prepared feature once per record, then compares two
 * features into a comparison level 1..k (level 0 is reserved for "missing on either side"). Pure.
 */
export interface FieldComparator {
  /** Name in output and explanations (the column, or a derived name such as nik_birth_date). */
  readonly label: string;
  readonly type: string;
  /** Input columns read, in the order `prepare` receives them. */
  readonly columns: readonly string[];
  /** Level labels; index i describes level i + 1. The last level is "else" (disagreement). */
  readonly levels: readonly string[];
  /** Whether the exact level is adjusted by the value's term frequency. */
  readonly tf: boolean;
  /**
   * The column of another (one-column) field within whose agreement this one is compared: every level but the
   * last holds pairs agreeing on that field, the last pairs that do not; the weights are then conditional on
   * agreeing there (model.ts, bayesFactors) and the last level adds nothing.
   */
  readonly within?: string;
  /** Feature of one record, or null when the value is missing or unusable. */
  prepare(values: readonly (string | null)[]): unknown;
  /**
   * Optional, per input column (null: none): a reduction of the column's values to what `prepare` reads.
   * Several-column fields are prepared once per distinct tuple of reduced values, so a reduction that keeps only
   * what `prepare` reads (from a NIK, the birth date it encodes) makes far fewer tuples.
   */
  readonly reduce?: readonly (ColumnReduction | null)[];
  compare(a: unknown, b: unknown): number;
  /**
   * Few distinct values compared across many pairs (names): the engine remembers the level of each pair of
   * features compared (comparison.ts), so `compare` must depend on the two features alone.
   */
  readonly repeats?: boolean;
  /** The value two records share when they agree at level 1 (for u and term frequencies); absent when level 1
   * is not plain equality. */
  exactKey?(feature: unknown): string;
  /** Blocking key (optionally coarsened by a modifier such as `year`), or null to leave the record out. */
  blockKey(feature: unknown, modifier: string | undefined): string | null;
  /** True when blockKey without a modifier is exactKey (blocking then reuses the exact keys numbered once). */
  readonly blocksOnExactKey?: boolean;
}

/**
 * A column's values reduced to small integer keys (array indices, not hashed: a million distinct NIKs are reduced
 * in milliseconds).
 */
export interface ColumnReduction {
  /** The key of a raw value (≥ 0, small), or -1 when `prepare` would treat it as missing. */
  key(raw: string): number;
  /** A value that `prepare` treats exactly as every raw value with this key. */
  value(key: number): string;
}

export interface FieldImpl<F> {
  label: string;
  type: string;
  columns: readonly string[];
  levels: readonly string[];
  tf: boolean;
  within?: string;
  prepare(values: readonly (string | null)[]): F | null;
  reduce?: readonly (ColumnReduction | null)[];
  compare(a: F, b: F): number;
  repeats?: boolean;
  exactKey?(feature: F): string;
  blockKey(feature: F, modifier: string | undefined): string | null;
  blocksOnExactKey?: boolean;
}

/** Erases the feature type (each field keeps its own features; the engine never mixes them). */
export function defineField<F>(impl: FieldImpl<F>): FieldComparator {
  return impl;
}

/** Memoises a pure string → feature function (values that repeat within a multi-column field: dates). */
export function memo<F>(fn: (raw: string) => F): (raw: string) => F {
  const cache = new Map<string, F>();
  return (raw) => {
    let v = cache.get(raw);
    if (v === undefined && !cache.has(raw)) {
      v = fn(raw);
      if (cache.size < 4_000_000) cache.set(raw, v);
    }
    return v as F;
  };
}

/** Lower-case ASCII with punctuation turned into single spaces. */
export function normaliseText(raw: string): string {
  let s = raw.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(s)) s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return s.replace(/[^a-z0-9]+/g, ' ').trim();
}

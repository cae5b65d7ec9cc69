/**
 * From a table of text columns and a formula to the numbers a regression needs: the outcome, the design matrix
 * (intercept, numeric columns, factor dummies, their products), weights and cluster ids. Rows with a missing
 * value in any column the model uses are dropped and counted; a value that should be a number and is not is an
 * error naming the row and column.
 */
import { Matrix } from 'ml-matrix';
import { say, UserError } from '../shared/errors.js';
import { partName, termKey, type Formula, type Part } from './formula.js';

/** Text columns by lower-cased header, as read by the project's CSV readers (empty cells are null). */
export interface TextTable {
  source: string;
  headers: string[];
  columns: Map<string, (string | null)[]>;
}

export interface DesignOptions {
  weights?: string;
  cluster?: string;
}

export interface Design {
  /** Column names: `(Intercept)`, `a`, `a:b`, `factor(g)[level]`, `a:factor(g)[level]`. */
  names: string[];
  /** n × k design matrix over the rows used. */
  x: Matrix;
  y: Float64Array;
  weights: Float64Array | null;
  /** Cluster index (0 … clusterCount − 1) per row used, when clustering. */
  clusters: Int32Array | null;
  clusterCount: number;
  /** Rows used and rows dropped for a missing value. */
  n: number;
  dropped: number;
}

/** Empty cells, `NA` (R) and `.` (Stata) mean missing. */
export const isMissing = (v: string | null | undefined): boolean =>
  v == null || v === '' || v === '.' || v.toUpperCase() === 'NA';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Builds the design for `formula` over `table`; rows are numbered as in the file (header = row 1). */
export function buildDesign(table: TextTable, formula: Formula, options: DesignOptions = {}): Design {
  const column = (name: string, role: string, roleId: string) => {
    const values = table.columns.get(name.toLowerCase());
    if (!values)
      throw new UserError(
        say(
          `${table.source}: no column "${name}" (${role}); found: ${table.headers.join(', ')}`,
          `${table.source}: tidak ada kolom "${name}" (${roleId}); yang ada: ${table.headers.join(', ')}`,
        ),
        'missing_column',
      );
    return values;
  };
  const numericNames = new Set<string>([formula.response]);
  const factorNames = new Set<string>();
  for (const term of formula.terms)
    for (const p of term.parts) (p.factor ? factorNames : numericNames).add(p.variable);
  if (options.weights) numericNames.add(options.weights);

  const used: (string | null)[][] = [column(formula.response, 'the outcome', 'kolom hasil')];
  for (const term of formula.terms)
    for (const p of term.parts)
      used.push(column(p.variable, `in term ${term.name}`, `dalam suku ${term.name}`));
  if (options.weights) used.push(column(options.weights, 'the weights', 'bobot'));
  if (options.cluster) used.push(column(options.cluster, 'the cluster', 'klaster'));

  const rowCount = used[0]!.length;
  const keep: number[] = [];
  for (let r = 0; r < rowCount; r++) if (used.every((values) => !isMissing(values[r]))) keep.push(r);
  const n = keep.length;

  const numeric = new Map<string, Float64Array>();
  for (const name of numericNames) numeric.set(name, parseNumbers(table, name, column(name, '', ''), keep));
  const levels = new Map<string, { labels: string[]; index: Int32Array }>();
  for (const name of factorNames) levels.set(name, factorLevels(column(name, '', ''), keep));

  const weights = options.weights ? numeric.get(options.weights)! : null;
  if (weights)
    weights.forEach((w, i) => {
      if (!(w > 0))
        throw new UserError(
          say(
            `${table.source}: row ${keep[i]! + 2}: weight "${options.weights}" must be positive (found ${w})`,
            `${table.source}: baris ${keep[i]! + 2}: bobot "${options.weights}" harus positif (ditemukan ${w})`,
          ),
          'bad_weight',
        );
    });

  // Each term expands to the product of its parts' columns: a numeric part is one column, a factor part one
  // dummy per level. R's rule decides which factors leave their reference level (the first level) out: a factor
  // does when the term without it (its margin) is in the model too; the intercept is the empty margin, and without an
  // intercept the first lone factor keeps every level so the model keeps a baseline.
  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (formula.intercept) {
    names.push('(Intercept)');
    columns.push(new Float64Array(n).fill(1));
  }
  const fullCoding = formula.intercept
    ? undefined
    : formula.terms.find((t) => t.parts.length === 1 && t.parts[0]!.factor);
  const present = new Set<string>(['', ...formula.terms.map((t) => termKey(t.parts))]);
  for (const term of formula.terms) {
    let expanded: { name: string[]; values: Float64Array }[] = [
      { name: [], values: new Float64Array(n).fill(1) },
    ];
    for (const part of term.parts) {
      const margin = termKey(term.parts.filter((p) => p !== part));
      const everyLevel = term === fullCoding || !present.has(margin);
      expanded = expandPart(expanded, part, numeric, levels, table.source, everyLevel);
    }
    for (const e of expanded) {
      names.push(e.name.join(':'));
      columns.push(e.values);
    }
  }

  let clusters: Int32Array | null = null;
  let clusterCount = 0;
  if (options.cluster) {
    const values = column(options.cluster, '', '');
    const ids = new Map<string, number>();
    clusters = Int32Array.from(keep, (r) => {
      const v = values[r]!;
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      return id;
    });
    clusterCount = ids.size;
  }

  const x = new Matrix(n, columns.length);
  columns.forEach((values, c) => values.forEach((v, i) => x.set(i, c, v)));
  return {
    names,
    x,
    y: numeric.get(formula.response)!,
    weights,
    clusters,
    clusterCount,
    n,
    dropped: rowCount - n,
  };
}

function expandPart(
  expanded: { name: string[]; values: Float64Array }[],
  part: Part,
  numeric: Map<string, Float64Array>,
  levels: Map<string, { labels: string[]; index: Int32Array }>,
  source: string,
  everyLevel: boolean,
): { name: string[]; values: Float64Array }[] {
  if (!part.factor) {
    const v = numeric.get(part.variable)!;
    return expanded.map((e) => ({
      name: [...e.name, part.variable],
      values: e.values.map((x, i) => x * v[i]!),
    }));
  }
  const { labels, index } = levels.get(part.variable)!;
  if (labels.length < 2)
    throw new UserError(
      say(
        `${source}: ${partName(part)} has ${labels.length === 0 ? 'no levels' : `only one level ("${labels[0]}")`} in the rows used; a fixed effect needs two or more`,
        `${source}: ${partName(part)} hanya memiliki ${labels.length} level pada baris yang dipakai; efek tetap memerlukan dua level atau lebih`,
      ),
      'single_level',
    );
  const out: { name: string[]; values: Float64Array }[] = [];
  for (const e of expanded)
    for (let level = everyLevel ? 0 : 1; level < labels.length; level++)
      out.push({
        name: [...e.name, `${partName(part)}[${labels[level]}]`],
        values: e.values.map((x, i) => (index[i] === level ? x : 0)),
      });
  return out;
}

function parseNumbers(
  table: TextTable,
  name: string,
  values: (string | null)[],
  keep: number[],
): Float64Array {
  // Every present value must be a number, also in rows dropped for a gap elsewhere: a typo is an error.
  values.forEach((v, r) => {
    if (!isMissing(v) && !NUMBER.test(v!))
      throw new UserError(
        say(
          `${table.source}: row ${r + 2}: column "${name}" is not a number ("${v}")`,
          `${table.source}: baris ${r + 2}: kolom "${name}" bukan angka ("${v}")`,
        ),
        'not_a_number',
      );
  });
  return Float64Array.from(keep, (r) => Number(values[r]));
}

/** Levels in sorted order (numerically when every level is a number, as R does), the first the reference. */
function factorLevels(values: (string | null)[], keep: number[]): { labels: string[]; index: Int32Array } {
  const distinct = [...new Set(keep.map((r) => values[r]!))];
  const numeric = distinct.every((v) => NUMBER.test(v));
  const labels = numeric
    ? distinct.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0))
    : distinct.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(labels.map((l, k) => [l, k]));
  return { labels, index: Int32Array.from(keep, (r) => position.get(values[r]!)!) };
}

import type { ColumnReduction, FieldComparator } from './fields/field.js';
import { densePairIds } from './intern.js';

/** Records as read from a file: ids and column values (trimmed, empty → null), headers lower-cased. */
export interface RecordTable {
  source: string;
  headers: string[];
  ids: string[];
  /** Number of records, when known without building `ids` (tables read by readCodedTables). */
  size?: number;
  /** Record i's id without building `ids` (tables read by readCodedTables decode it on request). */
  idAt?: (i: number) => string;
  columns: Map<string, (string | null)[]>;
  /**
   * The same columns already interned (files read by readCodedTables): per record a code into `values`, -1 for
   * null. Tables read together share each column's `values`, so equal codes mean equal values.
   */
  coded?: Map<string, CodedColumn>;
}

/** How many records a table holds, without building `ids` where the table knows it. */
export const recordCount = (t: RecordTable): number => t.size ?? t.ids.length;

/** Record i's id, decoded on request where the table can (see RecordTable.idAt). */
export const recordId = (t: RecordTable): ((i: number) => string) => t.idAt ?? ((i) => t.ids[i]!);

export interface CodedColumn {
  codes: Int32Array;
  values: readonly string[];
}

/**
 * Per field, each record's feature code (-1 when missing or unusable) into `features[f]`, the distinct prepared
 * features: features are prepared once per distinct value, not per record. For fields with an exact key,
 * `exact[f][code]` numbers the exact keys, so equal numbers mean agreement at level 1 and their counts are
 * value frequencies. Tables prepared together share `features` and `exact`.
 */
export interface PreparedTable {
  size: number;
  codes: Int32Array[];
  features: unknown[][];
  exact: (Int32Array | null)[];
  unusable: number[];
}

/** Interns a column of strings into codes (shared `index` across the tables of one run). */
function internColumn(values: readonly (string | null)[], index: Map<string, number>, out: string[]) {
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    let c = index.get(v);
    if (c === undefined) {
      c = out.length;
      index.set(v, c);
      out.push(v);
    }
    codes[i] = c;
  }
  return codes;
}

/** Each table's coded column `name`, with values shared by all tables (interned here unless already shared). */
function codedColumns(tables: readonly RecordTable[], name: string): CodedColumn[] {
  const given = tables.map((t) => t.coded?.get(name));
  if (given.every((c) => c !== undefined && c.values === given[0]!.values)) return given as CodedColumn[];
  const index = new Map<string, number>();
  const values: string[] = [];
  return tables.map((t) => ({ codes: internColumn(t.columns.get(name) ?? [], index, values), values }));
}

/**
 * Prepares the tables of one run (one table to deduplicate, or left and right to link) with shared feature
 * codes.
 */
export function prepareTables(
  leftTable: RecordTable,
  rightTable: RecordTable | null,
  fields: readonly FieldComparator[],
): { left: PreparedTable; right: PreparedTable | null } {
  const tables = rightTable ? [leftTable, rightTable] : [leftTable];
  const columns = new Map<string, CodedColumn[]>();
  for (const field of fields)
    for (const c of field.columns) if (!columns.has(c)) columns.set(c, codedColumns(tables, c));
  const prepared: PreparedTable[] = tables.map((t) => ({
    size: recordCount(t),
    codes: [],
    features: [],
    exact: [],
    unusable: [],
  }));
  for (const field of fields) {
    const cols = field.columns.map((c) => columns.get(c)!);
    const { codes, features, unusable, keysAreDistinct } =
      cols.length === 1 ? prepareSingle(field, cols[0]!) : prepareTuples(field, cols, tables.length);
    const exact = !field.exactKey
      ? null
      : keysAreDistinct
        ? Int32Array.from(features, (_, f) => f)
        : exactClasses(field, features);
    prepared.forEach((p, t) => {
      p.codes.push(codes[t]!);
      p.features.push(features);
      p.exact.push(exact);
      p.unusable.push(unusable[t]!);
    });
  }
  return { left: prepared[0]!, right: prepared[1] ?? null };
}

/**
 * One-column field: prepare each distinct value, then map record codes to feature codes. `keysAreDistinct`: every
 * feature's exact key is the value it was prepared from (a NIK already in its 16 digits), so, values being
 * distinct, no two features share an exact key.
 */
function prepareSingle(field: FieldComparator, perTable: CodedColumn[]) {
  const values = perTable[0]!.values;
  const featureOf = new Int32Array(values.length);
  const features: unknown[] = [];
  const arg: (string | null)[] = [null];
  let keysAreDistinct = field.exactKey !== undefined;
  for (let v = 0; v < values.length; v++) {
    arg[0] = values[v]!;
    const f = field.prepare(arg);
    if (f === null || f === undefined) featureOf[v] = -1;
    else {
      featureOf[v] = features.push(f) - 1;
      if (keysAreDistinct && field.exactKey!(f) !== values[v]) keysAreDistinct = false;
    }
  }
  const unusable: number[] = [];
  const codes = perTable.map(({ codes: raw }) => {
    const out = new Int32Array(raw.length);
    let bad = 0;
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!;
      if (r < 0) out[i] = -1;
      else if ((out[i] = featureOf[r]!) < 0) bad++;
    }
    unusable.push(bad);
    return out;
  });
  return { codes, features, unusable, keysAreDistinct };
}

/**
 * A column's values replaced by their reductions (one code per distinct key, numbered in order of first
 * appearance), for all tables at once.
 */
function reducedColumn(perTable: CodedColumn[], reduction: ColumnReduction): CodedColumn[] {
  const given = perTable[0]!.values;
  const codeOf = new Int32Array(given.length);
  let maxKey = -1;
  for (let v = 0; v < given.length; v++) {
    const key = reduction.key(given[v]!);
    codeOf[v] = key;
    if (key > maxKey) maxKey = key;
  }
  const codeOfKey = new Int32Array(maxKey + 1).fill(-1);
  const values: string[] = [];
  for (let v = 0; v < given.length; v++) {
    const key = codeOf[v]!;
    if (key < 0) {
      codeOf[v] = -1;
      continue;
    }
    let c = codeOfKey[key]!;
    if (c < 0) codeOfKey[key] = c = values.push(reduction.value(key)) - 1;
    codeOf[v] = c;
  }
  return perTable.map(({ codes }) => {
    const out = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = codes[i]! < 0 ? -1 : codeOf[codes[i]!]!;
    return { codes: out, values };
  });
}

/** Several-column field: prepare each distinct tuple of values (NIK, birth date, sex …). */
function prepareTuples(field: FieldComparator, given: CodedColumn[][], tableCount: number) {
  const cols = given.map((c, i) => {
    const reduce = field.reduce?.[i];
    return reduce ? reducedColumn(c, reduce) : c;
  });
  const raw = cols.map((c) => c.map((t) => t.codes));
  // Tuple ids: fold the columns' codes (+1, so that null is 0) pairwise into dense ids.
  const shifted = (codes: Int32Array): Int32Array => {
    const out = new Int32Array(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = codes[i]! + 1;
    return out;
  };
  let ids: Int32Array[] = raw[0]!.map(shifted);
  let count = 0;
  for (let c = 1; c < cols.length; c++) ({ ids, count } = densePairIds(ids, raw[c]!.map(shifted)));
  const features: unknown[] = [];
  const featureOfTuple = new Int32Array(count).fill(-2);
  const arg: (string | null)[] = new Array<string | null>(cols.length);
  const codes: Int32Array[] = [];
  for (let t = 0; t < tableCount; t++) {
    const tuple = ids[t]!;
    const out = new Int32Array(tuple.length);
    for (let i = 0; i < tuple.length; i++) {
      let f = featureOfTuple[tuple[i]!]!;
      if (f === -2) {
        let any = false;
        for (let c = 0; c < cols.length; c++) {
          const code = raw[c]![t]![i]!;
          arg[c] = code < 0 ? null : cols[c]![t]!.values[code]!;
          if (code >= 0) any = true;
        }
        const feature = any ? field.prepare(arg) : null;
        f = feature === null || feature === undefined ? -1 : features.push(feature) - 1;
        featureOfTuple[tuple[i]!] = f;
      }
      out[i] = f;
    }
    codes.push(out);
  }
  return { codes, features, unusable: codes.map(() => 0), keysAreDistinct: false };
}

/** Numbers the features' exact keys (first seen first). */
function exactClasses(field: FieldComparator, features: readonly unknown[]): Int32Array {
  const index = new Map<string, number>();
  const out = new Int32Array(features.length);
  for (let f = 0; f < features.length; f++) {
    const key = field.exactKey!(features[f]);
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
    }
    out[f] = c;
  }
  return out;
}

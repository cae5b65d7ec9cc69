import type { FieldComparator } from './fields/field.js';

/** Records as read from a file: ids and column values (trimmed, empty → null), headers lower-cased. */
export interface RecordTable {
  source: string;
  headers: string[];
  ids: string[];
  columns: Map<string, (string | null)[]>;
}

/** Per field, each record's prepared feature (null when missing), and how many values could not be used. */
export interface PreparedTable {
  size: number;
  features: unknown[][];
  unusable: number[];
}

export function prepareTable(table: RecordTable, fields: readonly FieldComparator[]): PreparedTable {
  const n = table.ids.length;
  const unusable: number[] = [];
  const features = fields.map((field) => {
    const cols = field.columns.map((c) => table.columns.get(c) ?? []);
    const out = new Array<unknown>(n);
    const values: (string | null)[] = new Array<string | null>(cols.length);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      let any = false;
      for (let c = 0; c < cols.length; c++) {
        const v = cols[c]![i] ?? null;
        values[c] = v;
        if (v !== null) any = true;
      }
      const f = any ? field.prepare(values) : null;
      if (any && f === null && field.columns.length === 1) bad++;
      out[i] = f;
    }
    unusable.push(bad);
    return out;
  });
  return { size: n, features, unusable };
}

/**
 * Header matching: names compare case-insensitively, ignoring spaces, dots and underscores, so "No. KK",
 * "NO_KK" and "nokk" are one column.
 */
export function headerKey(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s._]+/g, '');
}

export interface FieldSpec {
  /** Profile field name, as written in the issue and in mapping files (e.g. NO_KK). */
  name: string;
  aliases: readonly string[];
  required?: boolean;
}

export interface HeaderResolution {
  /** Profile field → column index. */
  columns: Map<string, number>;
  /** Source headers no profile field claimed. */
  unused: string[];
  /** Required fields with no column. */
  missing: string[];
}

/**
 * Finds each profile field's column. `mapping` (profile field → source header) from a mapping file wins over
 * names and aliases.
 */
export function resolveHeaders(
  headers: readonly string[],
  fields: readonly FieldSpec[],
  mapping: Readonly<Record<string, string>> = {},
): HeaderResolution {
  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = headerKey(h);
    if (key && !byKey.has(key)) byKey.set(key, i);
  });
  const columns = new Map<string, number>();
  const claimed = new Set<number>();
  const mappedKeys = new Map(Object.entries(mapping).map(([f, h]) => [headerKey(f), h]));
  for (const field of fields) {
    const mapped = mappedKeys.get(headerKey(field.name));
    const candidates = mapped !== undefined ? [mapped] : [field.name, ...field.aliases];
    for (const candidate of candidates) {
      const index = byKey.get(headerKey(candidate));
      if (index !== undefined && !claimed.has(index)) {
        columns.set(field.name, index);
        claimed.add(index);
        break;
      }
    }
  }
  return {
    columns,
    unused: headers.filter((h, i) => !claimed.has(i) && headerKey(h) !== ''),
    missing: fields.filter((f) => f.required && !columns.has(f.name)).map((f) => f.name),
  };
}

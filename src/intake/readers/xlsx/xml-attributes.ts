/** Drops a namespace prefix: `x:row` → `row` (some generators prefix every SpreadsheetML element). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Attributes with namespace prefixes dropped (`r:id` → `id`). */
export function localAttributes(attributes: Record<string, string>): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) map.set(localName(name), value);
  return map;
}

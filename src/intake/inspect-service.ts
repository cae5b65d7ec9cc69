import { headerKey, resolveHeaders } from './header-match.js';
import { cellText } from './field-values.js';
import { PROFILES } from './profiles/index.js';
import { PROFILE_NAMES, type ProfileName } from './profiles/profile.js';
import { openSourceTable, prepareSource } from './source-file.js';

export interface InspectResult {
  file: string;
  format: { kind: string; encoding?: string; delimiter?: string; sheet?: string };
  headers: string[];
  suggested_profile: ProfileName | null;
  /** Per profile: field → source header, the required fields missing and the headers left over. */
  profiles: Record<
    ProfileName,
    { score: number; mapping: Record<string, string>; missing: string[]; unused: string[] }
  >;
  preview: { line: number; values: Record<string, string> }[];
}

/** Shows what an import would see: headers, the best-fitting profile and its column mapping, a preview. */
export async function inspectFile(filePath: string, options: { sheet?: string; rows?: number } = {}) {
  const source = await prepareSource({ path: filePath });
  try {
    const table = await openSourceTable(source, { sheet: options.sheet });
    const profiles = {} as InspectResult['profiles'];
    let best: { name: ProfileName; score: number } | null = null;
    for (const name of PROFILE_NAMES) {
      const resolution = resolveHeaders(table.headers, PROFILES[name].fields);
      const required = PROFILES[name].fields.filter((f) => f.required).length;
      // Required fields count most; a profile missing one is only a candidate with a mapping file.
      const score =
        resolution.missing.length > 0
          ? 0
          : (required - resolution.missing.length) * 10 + resolution.columns.size - resolution.unused.length;
      profiles[name] = {
        score,
        mapping: Object.fromEntries([...resolution.columns].map(([f, i]) => [f, table.headers[i]!])),
        missing: resolution.missing,
        unused: resolution.unused,
      };
      if (score > 0 && (!best || score > best.score)) best = { name, score };
    }
    const preview: InspectResult['preview'] = [];
    const limit = options.rows ?? 5;
    if (limit > 0) {
      for await (const row of table.rows) {
        preview.push({
          line: row.line,
          values: Object.fromEntries(
            table.headers.map((h, i) => [h || `column_${i + 1}`, cellText(row.cells[i])]),
          ),
        });
        if (preview.length >= limit) break;
      }
    }
    return {
      file: source.fileName,
      format: table.format,
      headers: table.headers,
      header_keys: table.headers.map(headerKey),
      suggested_profile: best?.name ?? null,
      profiles,
      preview,
    };
  } finally {
    await source.cleanup();
  }
}

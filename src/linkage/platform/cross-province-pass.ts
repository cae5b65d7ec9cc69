/**
 * The second linkage pass for people who moved: a bansos or member row listed in one province whose DTSEN
 * household is in another. Province passes compare a province's rows with that province's persons only, so these
 * rows stay unlinked; this pass looks them up nationally on strong keys alone — the NIK, or (rows without one)
 * the No. KK with the same normalised name — by index lookups of the keys the unlinked rows hold, never by
 * comparing every row with every person. A row links only when exactly one person in another province has the
 * key. One transaction; a rerun finds the linked rows no longer unlinked and changes nothing.
 */
import { sequentialShardWrites } from '../../db/citus.js';
import type { Database, Tx } from '../../db/database.js';
import { normalizePersonName } from '../../identity/name.js';
import { LinkageRepository } from '../storage/linkage-repository.js';
import { PlatformLinkageRepository, type LinkRow } from './platform-linkage-repository.js';
import { SOURCE_TABLES, type SourceName, type SourceRow, type SourceTable } from './platform-records.js';

const VALID_NIK = /^\d{16}$/;

/** The row's NIK when it is a well-formed one (16 digits); rows without one are looked up by No. KK and name. */
const validNik = (row: SourceRow): string | null => (row.nik && VALID_NIK.test(row.nik) ? row.nik : null);

export interface CrossProvinceSummary {
  run_id: number | null;
  /** Unlinked rows looked up. */
  compared: number;
  linked: Partial<Record<SourceTable, number>>;
  by_key: { nik: number; kk_name: number };
}

interface Candidate {
  id: number;
  province: string;
}

/** Pure: which rows link, and to whom — exactly one person with the key, in another province than the row's. */
export function crossProvinceLinks(
  rows: readonly SourceRow[],
  byNik: ReadonlyMap<string, Candidate[]>,
  byKkName: ReadonlyMap<string, Candidate[]>,
): Array<{ row: SourceRow; personId: number; key: 'nik' | 'kk_name' }> {
  const out: Array<{ row: SourceRow; personId: number; key: 'nik' | 'kk_name' }> = [];
  for (const row of rows) {
    const province = row.villageCode?.slice(0, 2) ?? null;
    const nik = validNik(row);
    const found = nik
      ? byNik.get(nik)
      : row.kk
        ? byKkName.get(`${row.kk}|${normalizePersonName(row.name)}`)
        : undefined;
    if (found?.length !== 1 || found[0]!.province === province) continue;
    out.push({ row, personId: found[0]!.id, key: nik ? 'nik' : 'kk_name' });
  }
  return out;
}

const grouped = <T extends Candidate>(items: readonly T[], key: (t: T) => string) => {
  const map = new Map<string, Candidate[]>();
  for (const t of items) {
    const k = key(t);
    const list = map.get(k);
    if (list) list.push(t);
    else map.set(k, [t]);
  }
  return map;
};

export async function linkAcrossProvinces(
  database: Database,
  options: {
    source: SourceName;
    actor: string;
    beforeCommit?: (tx: Tx, summary: CrossProvinceSummary) => Promise<void>;
  },
): Promise<CrossProvinceSummary> {
  const tables = SOURCE_TABLES[options.source];
  const startedAt = new Date();
  return database.transaction(async (tx) => {
    await sequentialShardWrites(tx); // rows linked on the shards, then the run's own tables (Citus)
    const store = new PlatformLinkageRepository(tx.db);
    await store.lock();
    const rows: SourceRow[] = [];
    for (const t of tables) rows.push(...(await store.unlinkedRows(t)));
    const niks = [...new Set(rows.flatMap((r) => validNik(r) ?? []))];
    const kks = [...new Set(rows.flatMap((r) => (validNik(r) === null && r.kk ? [r.kk] : [])))];
    const byNik = grouped(await store.personsByNik(niks), (p) => p.nik);
    const byKkName = grouped(await store.personsByKk(kks), (p) => `${p.kk}|${p.name}`);
    const links = crossProvinceLinks(rows, byNik, byKkName);
    const summary: CrossProvinceSummary = {
      run_id: null,
      compared: rows.length,
      linked: Object.fromEntries(tables.map((t) => [t, 0])),
      by_key: {
        nik: links.filter((l) => l.key === 'nik').length,
        kk_name: links.filter((l) => l.key === 'kk_name').length,
      },
    };
    if (links.length > 0) {
      summary.run_id = await new LinkageRepository(tx.db).recordRun({
        kind: 'link',
        leftSource: 'persons',
        rightSource: tables.join('+'),
        settings: { source: options.source, pass: 'cross-province', keys: ['nik', 'kk+name_normalized'] },
        model: null,
        blocking: [],
        quality: null,
        candidatePairs: links.length,
        matches: links.length,
        startedAt,
        runBy: options.actor,
        review: [],
      });
      for (const t of tables) {
        const mine: LinkRow[] = links
          .filter((l) => l.row.table === t)
          .map((l) => ({ id: l.row.id, personId: l.personId, probability: 1, reviewed: false }));
        summary.linked[t] = await store.writeLinks(t, summary.run_id, mine);
      }
    }
    await options.beforeCommit?.(tx, summary);
    return summary;
  });
}

import type { Database } from '../db/database.js';
import { parseRegionCode } from '../regions/region-code.js';
import { say, UserError } from '../shared/errors.js';
import { refreshStatements } from './compute-sql.js';
import type { IndicatorDefinition, IndicatorSet } from './definition.js';
import { allDefinitions } from './definition-files.js';
import { IndicatorRepository } from './indicator-repository.js';

export interface RefreshResult {
  indicator_id: string;
  version: number;
  region: string | null;
  rows: number;
  duration_ms: number;
}

export interface IndicatorStatus {
  set: string;
  def: IndicatorDefinition;
  /** Stored version of this exact definition; null when it was never refreshed in this form. */
  version: number | null;
  refreshed_at: Date | null;
  /** True when never refreshed, or the source tables changed since the last refresh. */
  stale: boolean;
}

/** Region a refresh may be limited to: a province or a regency (normalised), or '' for everything. */
export function refreshRegion(input: string | undefined): string {
  if (input === undefined) return '';
  const parsed = parseRegionCode(input);
  if (!parsed || parsed.level > 2)
    throw new UserError(
      say(
        `invalid region "${input}": refresh a province (PP) or a regency (PP.RR)`,
        `wilayah "${input}" tidak sah: perbarui provinsi (PP) atau kabupaten/kota (PP.RR)`,
      ),
      'invalid_region_code',
    );
  return parsed.code;
}

/** Picks definitions by id (all when none given); an unknown id is an error naming it. */
export function selectDefinitions(sets: IndicatorSet[], ids: readonly string[]) {
  const all = allDefinitions(sets);
  if (ids.length === 0) return all;
  return ids.map((id) => {
    const found = all.find((d) => d.def.id === id);
    if (!found)
      throw new UserError(
        say(
          `unknown indicator "${id}" (see indicators list)`,
          `indikator "${id}" tidak dikenal (lihat indicators list)`,
        ),
        'not_found',
      );
    return found;
  });
}

/**
 * Recomputes indicators from the source tables: per indicator one transaction of set-based statements over
 * every village of the region at once, then the sums up the region tree. `region` '' = everything.
 */
export async function refreshIndicators(
  database: Database,
  options: {
    sets: IndicatorSet[];
    ids?: readonly string[];
    region?: string | undefined;
    actor: string | null;
    onIndicator?: (done: number, total: number, result: RefreshResult) => void;
  },
): Promise<RefreshResult[]> {
  const region = refreshRegion(options.region);
  const chosen = selectDefinitions(options.sets, options.ids ?? []);
  const repo = new IndicatorRepository(database.db);
  const mark = await repo.sourceMark();
  const results: RefreshResult[] = [];
  for (const { set, def } of chosen) {
    const started = performance.now();
    const version = await repo.versionFor(set, def);
    const rows = await database.transaction(async (tx) => {
      for (const statement of refreshStatements(def, version, region)) await tx.exec(statement);
      const counted = await tx.db
        .selectFrom('indicator_values')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('indicator_id', '=', def.id)
        .where('version', '=', version)
        .executeTakeFirstOrThrow();
      const duration = Math.round(performance.now() - started);
      await new IndicatorRepository(tx.db).recordRefresh({
        indicator_id: def.id,
        version,
        region_code: region,
        source_mark: mark,
        rows_written: Number(counted.n),
        duration_ms: duration,
        refreshed_by: options.actor,
      });
      return Number(counted.n);
    });
    const result = {
      indicator_id: def.id,
      version,
      region: region === '' ? null : region,
      rows,
      duration_ms: Math.round(performance.now() - started),
    };
    results.push(result);
    options.onIndicator?.(results.length, chosen.length, result);
  }
  return results;
}

/** Each definition with its stored version, last refresh and whether the data changed since. */
export async function indicatorStatus(database: Database, sets: IndicatorSet[]): Promise<IndicatorStatus[]> {
  const repo = new IndicatorRepository(database.db);
  const [mark, refreshes] = await Promise.all([repo.sourceMark(), repo.latestRefreshes()]);
  const out: IndicatorStatus[] = [];
  for (const { set, def } of allDefinitions(sets)) {
    const version = await repo.storedVersion(def);
    const last = refreshes.find((r) => r.indicator_id === def.id && r.version === version);
    out.push({
      set,
      def,
      version,
      refreshed_at: last?.refreshed_at ?? null,
      stale: !last || last.source_mark !== mark,
    });
  }
  return out;
}

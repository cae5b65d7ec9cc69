import type { Database, Tx } from '../db/database.js';
import { parseRegionCode } from '../regions/region-code.js';
import { say, UserError } from '../shared/errors.js';
import {
  fullRefreshStartSql,
  fullRefreshStatements,
  householdEstimateSql,
  nationStatements,
  provinceStatements,
  refreshStatements,
  type RefreshStatement,
} from './compute-sql.js';
import type { IndicatorDefinition, IndicatorSet } from './definition.js';
import { allDefinitions } from './definition-files.js';
import { IndicatorRepository } from './indicator-repository.js';
import {
  currentWatermarks,
  staleness,
  type GlobalInputs,
  type Staleness,
  type TouchedCache,
} from './source-watermarks.js';
import { SUBJECTS } from './subjects.js';
import { refreshHealthScores } from '../cooperatives/health-score-refresh.js';
import { trySetLocal } from '../db/set-local.js';

/**
 * Memory for the hash aggregations of one refresh statement (per transaction): the cells of a province group in
 * memory instead of spilling to disk in batches.
 */
const REFRESH_WORK_MEM = '64MB';
/** Memory for sorting a swapped-in partition's rows into its indexes. */
const REFRESH_INDEX_MEM = '256MB';
/**
 * From this many households a full refresh replaces the indicator's partition (at 300 households the swap is no
 * faster, at 20,000 it is 2–3× faster; bench:indicator-refresh).
 */
const REPLACE_FROM_HOUSEHOLDS = 5_000;

export interface RefreshResult {
  indicator_id: string;
  version: number;
  region: string | null;
  /** With `changed`: the regions recomputed ('' = everything; none when nothing was stale). */
  regions?: string[] | undefined;
  /** Stored rows of this indicator version after the refresh. */
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
  /** What a `refresh --changed` would recompute: everything, or these regencies. */
  staleness: Staleness;
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
 * Recomputes indicators from the source tables: per indicator and region one transaction of set-based
 * statements over every village of the region at once, summed up the region tree. `region` '' = everything.
 * `changed`: per indicator only what is stale: nothing, the regencies that received rows since their last
 * refresh, or everything when a global input changed (source-watermarks.ts).
 */
export async function refreshIndicators(
  database: Database,
  options: {
    sets: IndicatorSet[];
    ids?: readonly string[];
    region?: string | undefined;
    changed?: boolean | undefined;
    /** A full refresh replaces each indicator's partition (true), deletes and inserts (false), or picks by size. */
    replacePartition?: boolean | undefined;
    actor: string | null;
    onIndicator?: (done: number, total: number, result: RefreshResult) => void;
  },
): Promise<RefreshResult[]> {
  const region = refreshRegion(options.region);
  if (options.changed && region !== '')
    throw new UserError(
      say(
        '--changed finds the regions itself: drop --region',
        '--changed mencari wilayahnya sendiri: hapus --region',
      ),
      'invalid_option',
    );
  const chosen = selectDefinitions(options.sets, options.ids ?? []);
  const repo = new IndicatorRepository(database.db);
  const watermarks = await currentWatermarks(database.db);
  const mark = JSON.stringify(watermarks);
  const history = options.changed ? await repo.refreshHistory() : [];
  const cache: TouchedCache = new Map();
  const results: RefreshResult[] = [];
  const scored = new Set<string>();
  for (const { set, def } of chosen) {
    const version = await repo.versionFor(set, def);
    let regions = [region];
    if (options.changed) {
      const own = history.filter((r) => r.indicator_id === def.id && r.version === version);
      const stale = await staleness(database.db, own, watermarks, cache, globalInputs(def));
      regions = stale.full ? [''] : stale.regencies;
    }
    const started = performance.now();
    let rows = 0;
    for (const r of regions) {
      // Health scores are computed in code: store them for the region once per refresh, before reading them.
      if (SUBJECTS[def.subject]?.healthScores && !scored.has(r)) {
        await refreshHealthScores(database, r);
        scored.add(r);
      }
      rows = await refreshOne(database, def, version, r, mark, options.actor, options.replacePartition);
    }
    const result = {
      indicator_id: def.id,
      version,
      region: region === '' ? null : region,
      regions: options.changed ? regions : undefined,
      rows,
      duration_ms: Math.round(performance.now() - started),
    };
    results.push(result);
    options.onIndicator?.(results.length, chosen.length, result);
  }
  return results;
}

async function refreshOne(
  database: Database,
  def: IndicatorDefinition,
  version: number,
  region: string,
  mark: string,
  actor: string | null,
  replace: boolean | undefined,
): Promise<number> {
  const started = performance.now();
  return database.transaction(async (tx) => {
    await refreshSettings(tx);
    const statements = await refreshStatementsIn(tx, def, version, region, replace);
    for (const statement of statements) await statement.execute(tx.db);
    const counted = await tx.db
      .selectFrom('indicator_values')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('indicator_id', '=', def.id)
      .where('version', '=', version)
      .executeTakeFirstOrThrow();
    await new IndicatorRepository(tx.db).recordRefresh({
      indicator_id: def.id,
      version,
      region_code: region,
      source_mark: mark,
      rows_written: Number(counted.n),
      duration_ms: Math.round(performance.now() - started),
      refreshed_by: actor,
    });
    return Number(counted.n);
  });
}

/** Settings of a refresh transaction: memory for its hash aggregations and for the index builds of a swap. */
export async function refreshSettings(tx: Tx): Promise<void> {
  await trySetLocal(tx, 'work_mem', REFRESH_WORK_MEM);
  await trySetLocal(tx, 'maintenance_work_mem', REFRESH_INDEX_MEM);
}

/**
 * Inside `tx`: the statements of one refresh. A regional one deletes and recomputes the region's subtree; a full
 * one (region '') takes the indicator's lock, then replaces its partition (compute-sql.ts fullRefreshStatements),
 * unless the data is small (`replace` undefined: fewer than REPLACE_FROM_HOUSEHOLDS households by the planner's
 * estimate), where the few table and index creations of a swap cost more than deleting and inserting the rows.
 */
export async function refreshStatementsIn(
  tx: Tx,
  def: IndicatorDefinition,
  version: number,
  region: string,
  replace?: boolean,
): Promise<RefreshStatement[]> {
  if (region !== '') return refreshStatements(def, version, region);
  if (replace === undefined) {
    const estimate = await householdEstimateSql().execute(tx.db);
    const households = (estimate.rows[0] as { households: number } | undefined)?.households ?? 0;
    replace = households >= REPLACE_FROM_HOUSEHOLDS;
  }
  if (!replace) return refreshStatements(def, version, region);
  const [lock, partition] = fullRefreshStartSql(def.id);
  await lock!.execute(tx.db);
  const found = await partition!.execute(tx.db);
  return fullRefreshStatements(def, version, (found.rows[0] as { present: boolean }).present);
}

/** Each definition with its stored version, last refresh and what changed since (per regency). */
export async function indicatorStatus(database: Database, sets: IndicatorSet[]): Promise<IndicatorStatus[]> {
  const repo = new IndicatorRepository(database.db);
  const [now, history] = await Promise.all([currentWatermarks(database.db), repo.refreshHistory()]);
  const cache: TouchedCache = new Map();
  const out: IndicatorStatus[] = [];
  for (const { set, def } of allDefinitions(sets)) {
    const version = await repo.storedVersion(def);
    const own = history.filter((r) => r.indicator_id === def.id && r.version === version);
    const state = await staleness(database.db, own, now, cache, globalInputs(def));
    out.push({
      set,
      def,
      version,
      refreshed_at: own.at(-1)?.refreshed_at ?? null,
      stale: state.full || state.regencies.length > 0,
      staleness: state,
    });
  }
  return out;
}

/**
 * Before a refresh job's province part: the inputs computed in code rather than SQL (month-end cooperative health
 * scores) stored for that province, as a whole refresh stores them for its region. Idempotent: a part run again
 * recomputes the same scores.
 */
export async function prepareProvinceInputs(
  database: Database,
  defs: readonly IndicatorDefinition[],
  province: string,
): Promise<void> {
  if (defs.some((def) => SUBJECTS[def.subject]?.healthScores)) await refreshHealthScores(database, province);
}

/** Inside `tx`: recomputes one province's subtree of an indicator (a refresh job's province part); rows written. */
export async function refreshProvinceIn(
  tx: Tx,
  def: IndicatorDefinition,
  version: number,
  province: string,
): Promise<number> {
  let rows = 0;
  await refreshSettings(tx);
  const [remove, insert] = provinceStatements(def, version, province);
  await remove!.execute(tx.db);
  const result = await insert!.execute(tx.db);
  rows = Number(result.numAffectedRows ?? 0);
  return rows;
}

/**
 * Inside `tx`: sums the nation from the provinces a refresh job refreshed and records the refresh as a full one
 * at the watermarks taken when the job was planned (data arriving later stays stale). Rows stored after it.
 */
export async function rollupNationIn(
  tx: Tx,
  def: IndicatorDefinition,
  version: number,
  provinces: readonly string[],
  mark: string,
  actor: string | null,
): Promise<number> {
  const started = performance.now();
  for (const statement of nationStatements(def.id, version, provinces)) await statement.execute(tx.db);
  const counted = await tx.db
    .selectFrom('indicator_values')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('indicator_id', '=', def.id)
    .where('version', '=', version)
    .executeTakeFirstOrThrow();
  await new IndicatorRepository(tx.db).recordRefresh({
    indicator_id: def.id,
    version,
    region_code: '',
    source_mark: mark,
    rows_written: Number(counted.n),
    duration_ms: Math.round(performance.now() - started),
    refreshed_by: actor,
  });
  return Number(counted.n);
}

/** The region-wide inputs a definition reads: pilot placements, the last month of cooperative positions. */
function globalInputs(def: IndicatorDefinition): GlobalInputs {
  return {
    pilots: def.disaggregations.some((d) => d === 'pilot_arm' || d === 'pilot_wave'),
    coopMonth: SUBJECTS[def.subject]?.toLastCoopMonth === true,
  };
}

import type { Database } from '../db/database.js';
import { parseRegionCode } from '../regions/region-code.js';
import { UserError } from '../shared/errors.js';
import { createRng } from '../shared/random.js';
import { hasRegionalProfile, regionalProfile } from '../synth/regional-profiles.js';
import { SerialAllocator } from '../synth/serials.js';
import { regionWelfareShift } from '../synth/welfare.js';
import { allocateHouseholds } from './allocation.js';
import { createBatches, finishBatches } from './demo-batches.js';
import {
  DEMO_ID_TABLES,
  findDemoBatches,
  findProvince,
  listVillages,
  loadProgramRules,
  releaseIds,
  removeDemoData,
  reserveIds,
  type DemoIdTable,
} from './demo-repository.js';
import { bufferVillage, RowBuffer } from './demo-rows.js';
import { SummaryBuilder, type DemoSummary } from './demo-summary.js';
import { DEMO_PROGRAMS } from './targeting.js';
import {
  generateVillage,
  householdComponents,
  type DemoSettings,
  type VillagePopulation,
} from './village-population.js';

export type { DemoSummary } from './demo-summary.js';

export interface DemoOptions {
  /** Two-digit province code (default 53, Nusa Tenggara Timur). */
  province?: string;
  /**
   * One regency (PP.RR, e.g. 53.01) instead of the whole province: a smaller population on fewer villages,
   * ready in seconds (what the first `entas start` builds). Its province is the regency's first two digits.
   */
  regency?: string;
  /** Number of households (default 20,000). */
  households?: number;
  /** Any text or number; the same seed gives the same data (default "1"). */
  seed?: string | number;
  /** Remove this province's earlier demo data first instead of refusing. */
  replace?: boolean;
  /** Written to source_batches.created_by / reverted_by. */
  actor?: string;
  onProgress?: (householdsDone: number, householdsTotal: number) => void;
}

export const DEFAULT_DEMO_PROVINCE = '53';
export const DEFAULT_DEMO_HOUSEHOLDS = 20_000;
export const MAX_DEMO_HOUSEHOLDS = 5_000_000;
const SNAPSHOT_DATE = '2026-01-31';
const PREVIOUS_SNAPSHOT_DATE = '2025-10-31';
const PERIOD = '2026-01';
/** Rows buffered before a COPY round (bounds memory at any scale). */
const FLUSH_ROWS = 60_000;

/**
 * Builds a synthetic population on the real villages of a province and loads it in ONE transaction:
 * DTSEN households and persons (with the current and previous snapshot), PKH/BPNT/PBI-JK recipient lists drawn
 * by the decile rules in `programs`, one Kopdes per village with officers and members. Source rows hold the
 * person as that source wrote them (errors injected, person_id NULL); demo_truth holds who they really are.
 * Refuses when demo data of the province exists unless `replace` is set. Returns a count-only summary.
 */
export async function runDemo(database: Database, options: DemoOptions = {}): Promise<DemoSummary> {
  const { province, regency, households: householdCount } = checkDemoOptions(options);
  const seed = String(options.seed ?? '1');
  const actor = options.actor ?? 'entas demo';

  const found = await findProvince(database.db, province);
  if (!found)
    throw new UserError(
      `province ${province} is not in the regions table (expected a code such as 53)`,
      'not_found',
    );
  const villages = await listVillages(database.db, regency ?? province);
  if (villages.length === 0)
    throw new UserError(
      regency
        ? `regency ${regency} has no villages in the regions table`
        : `province ${province} has no villages in the regions table`,
      regency ? 'not_found' : 'invalid_input',
    );
  const programs = await loadProgramRules(database.db, DEMO_PROGRAMS);
  const profile = regionalProfile(province);
  const settings: DemoSettings = {
    profile,
    regionShift: regionWelfareShift(profile.povertyRate),
    programs,
    snapshotDate: SNAPSHOT_DATE,
    previousSnapshotDate: PREVIOUS_SNAPSHOT_DATE,
    period: PERIOD,
  };
  const rng = createRng(`entas-demo/${province}/${seed}`);
  const counts = allocateHouseholds(rng.fork('allocation'), villages, householdCount);
  const districts = [...new Set(villages.map((v) => v.code.slice(0, 8)))];

  return database.transaction(async (tx) => {
    const existing = await findDemoBatches(tx.db, province);
    if (existing.length > 0) {
      if (!options.replace) {
        throw new UserError(
          `demo data for province ${province} already exists (${existing.length} batches); run with --replace to rebuild it`,
          'conflict',
        );
      }
      await removeDemoData(tx, existing, actor);
    }
    const batches = await createBatches(
      tx,
      {
        province,
        seed,
        households: householdCount,
        actor,
        programs: programs.map((p) => p.code),
      },
      settings,
    );
    const summary = new SummaryBuilder(
      {
        province,
        province_name: found.name,
        seed,
        snapshot_date: SNAPSHOT_DATE,
        period: PERIOD,
        batches: Object.keys(batches.programs).length + 4,
      },
      programs,
      villages.length,
    );
    const ids = await reserveIds(tx);
    const next = { ...ids };
    const buffer = new RowBuffer(tx);
    let serials = new SerialAllocator();
    let district = '';
    let otherDistricts: string[] = [];
    let done = 0;
    for (let v = 0; v < villages.length; v++) {
      const village = villages[v]!;
      if (village.code.slice(0, 8) !== district) {
        district = village.code.slice(0, 8);
        serials = new SerialAllocator();
        otherDistricts = districts.filter((d) => d !== district);
      }
      const neighbours = villages
        .slice(Math.max(0, v - 5), v + 6)
        .filter((o) => o !== village && o.code.startsWith(district));
      const population = generateVillage(
        rng.fork(village.code),
        {
          village,
          households: counts[v]!,
          neighbours,
          otherDistricts,
          serials,
        },
        settings,
      );
      summary.addVillage(population, (i) => hasPkhComponent(population, i));
      bufferVillage(buffer, population, next, batches, settings);
      if (buffer.rows >= FLUSH_ROWS) await buffer.flush();
      done += population.households.length;
      options.onProgress?.(done, householdCount);
    }
    await buffer.flush();
    const lastUsed = Object.fromEntries(
      DEMO_ID_TABLES.map((t) => [t, Math.max(ids[t], next[t] - 1)]),
    ) as Record<DemoIdTable, number>;
    await releaseIds(tx, lastUsed);
    const result = summary.result();
    await finishBatches(tx, batches, result);
    return result;
  });
}

/** Validates the options without touching the database (UserError naming the bad value). */
export function checkDemoOptions(options: Pick<DemoOptions, 'province' | 'regency' | 'households'>): {
  province: string;
  regency: string | null;
  households: number;
} {
  const regency = options.regency === undefined ? null : checkRegency(options.regency);
  const province = checkProvince(options.province ?? regency?.slice(0, 2) ?? DEFAULT_DEMO_PROVINCE);
  if (regency && !regency.startsWith(`${province}.`))
    throw new UserError(`--regency ${regency} is not in province ${province}`);
  return { province, regency, households: checkHouseholds(options.households ?? DEFAULT_DEMO_HOUSEHOLDS) };
}

function checkRegency(input: string): string {
  const parsed = parseRegionCode(String(input));
  if (!parsed || parsed.level !== 2)
    throw new UserError(`--regency "${input}" is not a regency code (PP.RR, e.g. 53.01)`);
  return parsed.code;
}

function checkProvince(input: string): string {
  const parsed = parseRegionCode(String(input));
  if (!parsed || parsed.level !== 1)
    throw new UserError(`--province "${input}" is not a province code (two digits, e.g. 53)`);
  if (!hasRegionalProfile(parsed.code))
    throw new UserError(`province ${parsed.code} is not a known province code (e.g. 53)`, 'not_found');
  return parsed.code;
}

function checkHouseholds(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_DEMO_HOUSEHOLDS) {
    throw new UserError(
      `--households ${value} must be a whole number from 1 to ${MAX_DEMO_HOUSEHOLDS.toLocaleString('en')}`,
    );
  }
  return value;
}

function hasPkhComponent(population: VillagePopulation, householdIndex: number): boolean {
  return Object.keys(householdComponents(population.households[householdIndex]!)).length > 0;
}

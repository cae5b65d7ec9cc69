import { encodeCopyRow, type Database, type Tx } from '../db/database.js';
import { normalizePersonName } from '../identity/name.js';
import { parseRegionCode } from '../regions/region-code.js';
import { UserError } from '../shared/errors.js';
import { createRng } from '../synth/random.js';
import { hasRegionalProfile, regionalProfile } from '../synth/regional-profiles.js';
import { SerialAllocator } from '../synth/serials.js';
import { regionWelfareShift } from '../synth/welfare.js';
import { allocateHouseholds } from './allocation.js';
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
  const province = checkProvince(options.province ?? DEFAULT_DEMO_PROVINCE);
  const householdCount = checkHouseholds(options.households ?? DEFAULT_DEMO_HOUSEHOLDS);
  const seed = String(options.seed ?? '1');
  const actor = options.actor ?? 'entas demo';

  const found = await findProvince(database.db, province);
  if (!found)
    throw new UserError(
      `province ${province} is not in the regions table (expected a code such as 53)`,
      'not_found',
    );
  const villages = await listVillages(database.db, province);
  if (villages.length === 0) throw new UserError(`province ${province} has no villages in the regions table`);
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
    const batches = await createBatches(tx, {
      province,
      seed,
      households: householdCount,
      actor,
      programs: programs.map((p) => p.code),
    });
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
    let done = 0;
    for (let v = 0; v < villages.length; v++) {
      const village = villages[v]!;
      if (village.code.slice(0, 8) !== district) {
        district = village.code.slice(0, 8);
        serials = new SerialAllocator();
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
          otherDistricts: districts.filter((d) => d !== district),
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

interface DemoBatches {
  previous: number;
  dtsen: number;
  programs: Record<string, number>;
  cooperatives: number;
  members: number;
}

/** One source batch per logical source, all with source 'demo' and the province/seed in meta. */
async function createBatches(
  tx: Tx,
  run: { province: string; seed: string; households: number; actor: string; programs: string[] },
): Promise<DemoBatches> {
  const insert = async (
    logical: string,
    extra: { program_code?: string; period?: string; snapshot_date?: string },
  ) => {
    const row = await tx.db
      .insertInto('source_batches')
      .values({
        source: 'demo',
        file_name: `demo/${run.province}/${logical}`,
        created_by: run.actor,
        meta: JSON.stringify({
          demo: true,
          logical_source: logical,
          province: run.province,
          seed: run.seed,
          households: run.households,
        }),
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const previous = await insert('dtsen', { snapshot_date: PREVIOUS_SNAPSHOT_DATE });
  const dtsen = await insert('dtsen', { snapshot_date: SNAPSHOT_DATE });
  const programs: Record<string, number> = {};
  for (const code of run.programs)
    programs[code] = await insert(`bansos-${code.toLowerCase()}`, { program_code: code, period: PERIOD });
  const cooperatives = await insert('cooperatives', {});
  const members = await insert('members', {});
  return { previous, dtsen, programs, cooperatives, members };
}

async function finishBatches(tx: Tx, batches: DemoBatches, summary: DemoSummary): Promise<void> {
  const set = async (id: number, rows: number) => {
    await tx.db
      .updateTable('source_batches')
      .set({ rows_total: rows, rows_accepted: rows })
      .where('id', '=', id)
      .execute();
  };
  await set(batches.previous, summary.households);
  await set(batches.dtsen, summary.households + summary.persons);
  for (const [code, id] of Object.entries(batches.programs)) await set(id, summary.programs[code]?.rows ?? 0);
  await set(batches.cooperatives, summary.cooperatives + summary.officers);
  await set(batches.members, summary.members);
}

const COLUMNS = {
  households: [
    'id',
    'kk',
    'village_code',
    'address',
    'decile',
    'pmt_score',
    'snapshot_date',
    'socio',
    'batch_id',
  ],
  persons: [
    'id',
    'household_id',
    'nik',
    'name',
    'name_normalized',
    'sex',
    'birth_date',
    'relation',
    'disability',
    'occupation',
    'education',
    'marital_status',
    'batch_id',
  ],
  household_snapshots: [
    'household_id',
    'batch_id',
    'snapshot_date',
    'decile',
    'pmt_score',
    'member_count',
    'socio',
  ],
  cooperatives: [
    'id',
    'registration_no',
    'name',
    'village_code',
    'kind',
    'business_units',
    'status',
    'established_on',
    'batch_id',
  ],
  cooperative_officers: ['id', 'cooperative_id', 'position', 'name', 'nik', 'start_date'],
  cooperative_members: [
    'id',
    'cooperative_id',
    'member_no',
    'nik',
    'name',
    'name_normalized',
    'joined_on',
    'left_on',
    'savings_paid',
    'batch_id',
  ],
  program_enrolments: [
    'id',
    'program_code',
    'period',
    'nik',
    'kk',
    'name',
    'name_normalized',
    'village_code',
    'amount',
    'components',
    'batch_id',
  ],
  demo_truth: ['table_name', 'row_id', 'batch_id', 'person_id', 'household_id', 'errors'],
} as const;
type BufferedTable = keyof typeof COLUMNS;
/** Load order: referenced tables first. */
const TABLE_ORDER = Object.keys(COLUMNS) as BufferedTable[];

/** Encoded COPY lines per table, loaded table by table (in foreign-key order) when flushed. */
class RowBuffer {
  private lines = new Map<BufferedTable, string[]>(TABLE_ORDER.map((t) => [t, []]));
  rows = 0;

  constructor(private readonly tx: Tx) {}

  push(table: BufferedTable, values: readonly unknown[]): void {
    this.lines.get(table)!.push(encodeCopyRow(values));
    this.rows++;
  }

  async flush(): Promise<void> {
    for (const table of TABLE_ORDER) {
      const lines = this.lines.get(table)!;
      if (lines.length > 0) await this.tx.copyFrom(table, COLUMNS[table], lines);
      this.lines.set(table, []);
    }
    this.rows = 0;
  }
}

const pgArray = (items: readonly string[]) => `{${items.join(',')}}`;

function bufferVillage(
  buffer: RowBuffer,
  population: VillagePopulation,
  next: Record<DemoIdTable, number>,
  batches: DemoBatches,
  settings: DemoSettings,
): void {
  const householdIds: number[] = [];
  const personIds: number[][] = [];
  for (const h of population.households) {
    const householdId = next.households++;
    householdIds.push(householdId);
    const socio = JSON.stringify(h.socio);
    buffer.push('households', [
      householdId,
      h.kk,
      h.villageCode,
      h.address,
      h.decile,
      h.pmtScore,
      settings.snapshotDate,
      socio,
      batches.dtsen,
    ]);
    const ids: number[] = [];
    for (const p of h.members) {
      const personId = next.persons++;
      ids.push(personId);
      buffer.push('persons', [
        personId,
        householdId,
        p.nik,
        p.name,
        normalizePersonName(p.name),
        p.sex,
        p.birthDate,
        p.relation,
        p.disability,
        p.occupation,
        p.education,
        p.maritalStatus,
        batches.dtsen,
      ]);
    }
    personIds.push(ids);
    if (h.previous) {
      buffer.push('household_snapshots', [
        householdId,
        batches.previous,
        settings.previousSnapshotDate,
        h.previous.decile,
        h.previous.pmtScore,
        h.members.length,
        socio,
      ]);
    }
    buffer.push('household_snapshots', [
      householdId,
      batches.dtsen,
      settings.snapshotDate,
      h.decile,
      h.pmtScore,
      h.members.length,
      socio,
    ]);
  }
  const truth = (
    table: string,
    rowId: number,
    batchId: number,
    t: { householdIndex: number; memberIndex: number; errors: readonly string[] },
  ) => {
    buffer.push('demo_truth', [
      table,
      rowId,
      batchId,
      personIds[t.householdIndex]![t.memberIndex],
      householdIds[t.householdIndex],
      pgArray(t.errors),
    ]);
  };

  const c = population.cooperative;
  const cooperativeId = next.cooperatives++;
  buffer.push('cooperatives', [
    cooperativeId,
    c.registrationNo,
    c.name,
    population.village.code,
    c.kind,
    pgArray(c.businessUnits),
    c.status,
    c.establishedOn,
    batches.cooperatives,
  ]);
  for (const o of population.officers) {
    const id = next.cooperative_officers++;
    buffer.push('cooperative_officers', [id, cooperativeId, o.position, o.name, o.nik, o.startDate]);
    truth('cooperative_officers', id, batches.cooperatives, o.truth);
  }
  for (const m of population.members) {
    const id = next.cooperative_members++;
    buffer.push('cooperative_members', [
      id,
      cooperativeId,
      m.memberNo,
      m.nik,
      m.name,
      normalizePersonName(m.name),
      m.joinedOn,
      m.leftOn,
      m.savingsPaid,
      batches.members,
    ]);
    truth('cooperative_members', id, batches.members, m.truth);
  }
  for (const e of population.enrolments) {
    const id = next.program_enrolments++;
    const batchId = batches.programs[e.programCode]!;
    buffer.push('program_enrolments', [
      id,
      e.programCode,
      settings.period,
      e.nik,
      e.kk,
      e.name,
      normalizePersonName(e.name),
      e.villageCode,
      e.amount,
      JSON.stringify(e.components),
      batchId,
    ]);
    truth('program_enrolments', id, batchId, e.truth);
  }
}

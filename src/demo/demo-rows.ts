import { encodeCopyRow, type Tx } from '../db/database.js';
import { normalizePersonName } from '../identity/name.js';
import type { DemoBatches } from './demo-batches.js';
import type { DemoIdTable } from './demo-repository.js';
import type { DemoSettings, VillagePopulation } from './village-population.js';

/** Turns a generated village into COPY rows with ids assigned from reserved ranges, buffered per table. */
const COLUMNS = {
  households: [
    'province_code',
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
    'province_code',
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
    'province_code',
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
  cooperative_officers: ['id', 'cooperative_id', 'position', 'name', 'nik', 'start_date', 'ex_officio'],
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
    'province_code',
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
export class RowBuffer {
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

export function bufferVillage(
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
    // The province key (migration 0900): the first two digits of the village code.
    const provinceCode = h.villageCode.slice(0, 2);
    buffer.push('households', [
      provinceCode,
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
        provinceCode,
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
        provinceCode,
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
      provinceCode,
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
    buffer.push('cooperative_officers', [
      id,
      cooperativeId,
      o.position,
      o.name,
      o.nik,
      o.startDate,
      o.exOfficio,
    ]);
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
      e.villageCode.slice(0, 2),
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

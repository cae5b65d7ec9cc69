import type { Database } from '../../db/database.js';
import { provinceCode } from '../../regions/region-code.js';
import { householdProvince } from '../../testing/builders.js';

/** Data builders for indicator tests: households with a head and snapshots, bansos list rows, members. */
export class IndicatorData {
  private serial = 0;
  private batchId: number | null = null;

  constructor(private readonly database: Database) {}

  private get db() {
    return this.database.db;
  }

  async batch(): Promise<number> {
    if (this.batchId !== null) return this.batchId;
    const row = await this.db
      .insertInto('source_batches')
      .values({ source: 'manual', file_name: 'builder', snapshot_date: '2026-01-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (this.batchId = row.id);
  }

  /** The first `n` villages (level 4) of a regency, in code order. */
  async villages(regency: string, n: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('regions')
      .select('code')
      .where('level', '=', 4)
      .where('code', 'like', `${regency}.%`)
      .orderBy('code')
      .limit(n)
      .execute();
    return rows.map((r) => r.code);
  }

  /**
   * A household with its head; `snapshots` gives (date, decile) pairs of its DTSEN history, the last one its
   * current state.
   */
  async household(o: {
    village: string;
    sexOfHead?: 'L' | 'P' | null;
    extremePoor?: boolean;
    snapshots: [date: string, decile: number | null][];
  }): Promise<{ householdId: number; personId: number | null }> {
    const batchId = await this.batch();
    this.serial += 1;
    const last = o.snapshots[o.snapshots.length - 1]!;
    const socio = JSON.stringify(o.extremePoor === undefined ? {} : { miskin_ekstrem: o.extremePoor });
    const h = await this.db
      .insertInto('households')
      .values({
        province_code: provinceCode(o.village),
        kk: `KK${this.serial}`,
        village_code: o.village,
        decile: last[1],
        snapshot_date: last[0],
        socio,
        batch_id: batchId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, [date, decile]] of o.snapshots.entries()) {
      const b =
        i === 0
          ? batchId
          : (
              await this.db
                .insertInto('source_batches')
                .values({ source: 'manual', file_name: `snap-${this.serial}-${i}`, snapshot_date: date })
                .returning('id')
                .executeTakeFirstOrThrow()
            ).id;
      await this.db
        .insertInto('household_snapshots')
        .values({
          province_code: provinceCode(o.village),
          household_id: h.id,
          batch_id: b,
          snapshot_date: date,
          decile,
          socio,
        })
        .execute();
    }
    let personId: number | null = null;
    if (o.sexOfHead !== null) {
      const p = await this.db
        .insertInto('persons')
        .values({
          province_code: provinceCode(o.village),
          household_id: h.id,
          name: `Kepala ${this.serial}`,
          name_normalized: `KEPALA ${this.serial}`,
          sex: o.sexOfHead ?? 'P',
          relation: 1,
          batch_id: batchId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      personId = p.id;
    }
    return { householdId: h.id, personId };
  }

  /** The household on a program's list in each of the months given. */
  async enrol(householdId: number, program: string, months: string[]): Promise<void> {
    const province = await householdProvince(this.db, householdId);
    for (const period of months) {
      await this.db
        .insertInto('program_enrolments')
        .values({
          province_code: province,
          program_code: program,
          period,
          name: 'X',
          name_normalized: 'X',
          household_id: householdId,
        })
        .execute();
    }
  }

  /** A cooperative in the village (created once per village) with this person as a member. */
  async member(o: {
    village: string;
    personId: number | null;
    joinedOn?: string | null;
    leftOn?: string | null;
    savingsPaid?: number;
  }): Promise<void> {
    const registration = `REG-${o.village}`;
    let coop = await this.db
      .selectFrom('cooperatives')
      .select('id')
      .where('registration_no', '=', registration)
      .executeTakeFirst();
    coop ??= await this.db
      .insertInto('cooperatives')
      .values({ registration_no: registration, name: 'Kopdes', village_code: o.village, kind: 'desa' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('cooperative_members')
      .values({
        cooperative_id: coop.id,
        name: 'Anggota',
        name_normalized: 'ANGGOTA',
        person_id: o.personId,
        joined_on: o.joinedOn ?? null,
        left_on: o.leftOn ?? null,
        savings_paid: o.savingsPaid ?? 0,
        batch_id: await this.batch(),
      })
      .execute();
  }

  /**
   * A published village-cluster pilot: one cluster per village given, with its arm and wave (null: a control
   * cluster without a wave). Returns the pilot id.
   */
  async pilot(
    name: string,
    clusters: { village: string; arm: 'treatment' | 'control'; wave: number | null }[],
  ) {
    const pilot = await this.db
      .insertInto('pilots')
      .values({
        name,
        region_code: clusters[0]!.village.slice(0, 5),
        design: 'randomized',
        member_treatments: ['ANGGOTA_SIMPANAN'],
        status: 'published',
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const draw = await this.db
      .insertInto('pilot_randomizations')
      .values({
        pilot_id: pilot.id,
        algorithm: 'test',
        code_version: 'test',
        seed: '1',
        input_sha256: 'x',
        output_sha256: 'x',
        summary: '{}',
        created_by: 'test',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const c of clusters) {
      const cluster = await this.db
        .insertInto('pilot_clusters')
        .values({
          pilot_id: pilot.id,
          province_code: c.village.slice(0, 2),
          cluster_key: c.village,
          village_code: c.village,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.db
        .insertInto('pilot_assignments')
        .values({
          randomization_id: draw.id,
          cluster_id: cluster.id,
          province_code: c.village.slice(0, 2),
          arm: c.arm,
          wave_no: c.wave,
        })
        .execute();
    }
    await this.db
      .updateTable('pilot_randomizations')
      .set({ status: 'published', published_by: 'test', published_at: new Date() })
      .where('id', '=', draw.id)
      .execute();
    return pilot.id;
  }
}

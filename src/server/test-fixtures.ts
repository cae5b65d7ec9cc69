import { sql } from 'kysely';
import { localActor } from '../audit/access-audit.js';
import type { Role } from '../shared/roles.js';
import { issueToken, createUser } from '../auth/user-service.js';
import type { ConsentPurpose } from '../consent/consent-purposes.js';
import { recordConsent } from '../consent/consent-service.js';
import type { Database } from '../db/database.js';
import { provinceCode } from '../regions/region-code.js';

/**
 * Two worlds for access tests: ALFA (a regency in NTT, 53.01) and BRAVO (a city in Central Java, 33.74).
 * Every ALFA name carries the marker "ALFA" so a leak shows up in any response body.
 */
export interface World {
  regency: string;
  village: string;
  householdId: number;
  personId: number;
  cooperativeId: number;
  memberId: number;
  nik: string;
  kk: string;
}

export interface Fixture {
  alfa: World;
  bravo: World;
  batchId: number;
}

async function world(
  database: Database,
  regency: string,
  marker: string,
  serial: number,
  batchId: number,
): Promise<World> {
  const village = await database.db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 4)
    .where('code', 'like', `${regency}.%`)
    .orderBy('code')
    .limit(1)
    .executeTakeFirstOrThrow();
  const district = regency.replace('.', '') + '01';
  const kk = `${district}0101${String(serial).padStart(6, '0')}`;
  const nik = `${district}150390${String(serial).padStart(4, '0')}`;
  const household = await database.db
    .insertInto('households')
    .values({
      province_code: provinceCode(village.code),
      kk,
      village_code: village.code,
      address: `Jalan ${marker} 1`,
      decile: 2,
      batch_id: batchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await database.db
    .insertInto('persons')
    .values({
      province_code: provinceCode(village.code),
      household_id: household.id,
      nik,
      name: `Siti ${marker}`,
      name_normalized: `SITI ${marker}`,
      sex: 'P',
      birth_date: '1990-03-15',
      relation: 1,
      batch_id: batchId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const coop = await database.db
    .insertInto('cooperatives')
    .values({
      registration_no: `REG-${marker}`,
      name: `Kopdes ${marker}`,
      village_code: village.code,
      kind: 'desa',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const member = await database.db
    .insertInto('cooperative_members')
    .values({
      cooperative_id: coop.id,
      member_no: `${marker}-001`,
      nik,
      name: `Siti ${marker}`,
      name_normalized: `SITI ${marker}`,
      person_id: person.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('cooperative_officers')
    .values({ cooperative_id: coop.id, position: 'ketua', name: `Budi ${marker}` })
    .execute();
  await database.db
    .insertInto('program_enrolments')
    .values({
      province_code: provinceCode(village.code),
      program_code: 'PKH',
      period: '2026-03',
      nik,
      kk,
      name: `Siti ${marker}`,
      name_normalized: `SITI ${marker}`,
      village_code: village.code,
      amount: 750000,
      person_id: person.id,
      household_id: household.id,
    })
    .execute();
  return {
    regency,
    village: village.code,
    householdId: household.id,
    personId: person.id,
    cooperativeId: coop.id,
    memberId: member.id,
    nik,
    kk,
  };
}

export async function buildFixture(database: Database): Promise<Fixture> {
  const batch = await database.db
    .insertInto('source_batches')
    .values({ source: 'demo', file_name: 'fixture.csv', rows_total: 2, rows_accepted: 2 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const alfa = await world(database, '53.01', 'ALFA', 1, batch.id);
  const bravo = await world(database, '33.74', 'BRAVO', 2, batch.id);
  await sql`SELECT 1`.execute(database.db);
  return { alfa, bravo, batchId: batch.id };
}

const PASSWORD = 'fixture-Kelapa-Sawit-Biru-71';

/** Creates a user and returns a bearer token for them (no HTTP login: tests stay under the login rate limit). */
export async function tokenFor(
  database: Database,
  username: string,
  role: Role,
  scope: { regions?: string[]; cooperativeId?: number },
): Promise<{ token: string; userId: number }> {
  const { user } = await createUser(
    database,
    {
      username,
      password: PASSWORD,
      role,
      regions: scope.regions ?? [],
      cooperativeId: scope.cooperativeId ?? null,
    },
    localActor('test'),
  );
  const issued = await issueToken(database, user.id, 'api', { name: 'test', actor: localActor('test') });
  return { token: issued.token, userId: user.id };
}

export const FIXTURE_PASSWORD = PASSWORD;

/** Records a consent decision for a fixture household (or one member) as the test actor. */
export async function consentFor(
  database: Database,
  householdId: number,
  purpose: ConsentPurpose,
  status: 'given' | 'withdrawn' = 'given',
  personId: number | null = null,
): Promise<void> {
  await database.transaction((tx) =>
    recordConsent(
      tx,
      { householdId, personId, purpose, status, method: 'written' },
      { username: 'test', role: 'local_operator', origin: 'cli', purpose: null, identifiersRevealed: false },
    ),
  );
}

/**
 * A published pilot over the ALFA village (treatment, wave 1 open) with the ALFA person enrolled, and the given
 * pendamping assigned to the village. Inserted directly: the route walk needs the rows, not the services.
 */
export async function buildPilotFixture(
  database: Database,
  w: World,
  pendampingUserId: number,
): Promise<{ pilotId: number; enrolmentId: number }> {
  const db = database.db;
  const pilot = await db
    .insertInto('pilots')
    .values({
      name: 'Pilot ALFA',
      region_code: w.regency,
      design: 'randomized',
      member_treatments: ['ANGGOTA_SIMPANAN'],
      status: 'published',
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const cluster = await db
    .insertInto('pilot_clusters')
    .values({
      pilot_id: pilot.id,
      province_code: w.village.slice(0, 2),
      cluster_key: w.village,
      village_code: w.village,
      stratum: `${w.regency}/T1`,
      baseline: JSON.stringify({ share_decile_1_2: 1 }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pilot_waves')
    .values({
      pilot_id: pilot.id,
      wave_no: 1,
      starts_on: '2026-03-01',
      opened_at: new Date(),
      opened_by: 'test',
    })
    .execute();
  const draw = await db
    .insertInto('pilot_randomizations')
    .values({
      pilot_id: pilot.id,
      algorithm: 'entas-randomize/1',
      code_version: 'test',
      seed: '1',
      input_sha256: 'x',
      output_sha256: 'y',
      summary: JSON.stringify({ strata: [], treated: 1, control: 0, balance: [] }),
      status: 'published',
      created_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pilot_assignments')
    .values({
      randomization_id: draw.id,
      cluster_id: cluster.id,
      province_code: w.village.slice(0, 2),
      arm: 'treatment',
      wave_no: 1,
    })
    .execute();
  const enrolment = await db
    .insertInto('pilot_enrolments')
    .values({
      pilot_id: pilot.id,
      cluster_id: cluster.id,
      wave_no: 1,
      province_code: w.village.slice(0, 2),
      village_code: w.village,
      household_id: w.householdId,
      person_id: w.personId,
      cooperative_id: w.cooperativeId,
      cooperative_match: 'village',
      treatment: 'ANGGOTA_SIMPANAN',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('pilot_enrolment_events')
    .values({
      enrolment_id: enrolment.id,
      province_code: w.village.slice(0, 2),
      to_state: 'identified',
      version: 1,
      occurred_at: new Date(),
      actor: 'test',
    })
    .execute();
  await db
    .insertInto('facilitator_villages')
    .values({
      user_id: pendampingUserId,
      province_code: w.village.slice(0, 2),
      village_code: w.village,
      assigned_by: 'test',
    })
    .execute();
  return { pilotId: pilot.id, enrolmentId: enrolment.id };
}

/** A field-verification proposal (not yet reviewed) about the world's person. */
export async function buildVerificationFixture(database: Database, w: World): Promise<number> {
  const row = await database.db
    .insertInto('verification_proposals')
    .values({
      province_code: w.village.slice(0, 2),
      village_code: w.village,
      household_id: w.householdId,
      person_id: w.personId,
      kind: 'disability',
      proposed: JSON.stringify({ disability: true }),
      current_values: JSON.stringify({ disability: false }),
      evidence: 'kartu disabilitas',
      proposed_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB } from '../db/schema.js';
import type {
  CooperativeMembersTable,
  CooperativesTable,
  HouseholdsTable,
  PersonsTable,
  ProgramEnrolmentsTable,
  SourceBatchesTable,
} from '../db/tables/core.js';
import { normalizePersonName } from '../identity/name.js';
import { provinceCode } from '../regions/region-code.js';

/**
 * Typed data builders for tests: each inserts one row with sensible defaults, takes any column as an override
 * (types from src/db/tables, so a renamed column fails to compile here, not at run time) and returns the row.
 * Area helpers (policy, linkage, server fixtures) build on these instead of writing their own inserts.
 */
type Overrides<T> = Partial<Insertable<T>>;

let serial = 0;
/** A counter for unique keys within one test process (registration numbers, member numbers). */
export function nextSerial(): number {
  serial += 1;
  return serial;
}

/** A village of Kota Kupang's district 53.01.05 that the regions migration always loads. */
export const DEFAULT_VILLAGE = '53.01.05.2003';

export function buildBatch(
  db: Kysely<DB>,
  overrides: Overrides<SourceBatchesTable> = {},
): Promise<Selectable<SourceBatchesTable>> {
  return db
    .insertInto('source_batches')
    .values({ source: 'test', ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function buildHousehold(
  db: Kysely<DB>,
  overrides: Overrides<HouseholdsTable> = {},
): Promise<Selectable<HouseholdsTable>> {
  const village = overrides.village_code ?? DEFAULT_VILLAGE;
  return db
    .insertInto('households')
    .values({ decile: 1, ...overrides, village_code: village, province_code: provinceCode(village) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A person; `name_normalized` follows `name` unless given, and `province_code` the household's (else the default
 * village's province).
 */
export async function buildPerson(
  db: Kysely<DB>,
  overrides: Overrides<PersonsTable> = {},
): Promise<Selectable<PersonsTable>> {
  const name = overrides.name ?? `Orang ${nextSerial()}`;
  return db
    .insertInto('persons')
    .values({
      sex: 'L',
      ...overrides,
      province_code: overrides.province_code ?? (await householdProvince(db, overrides.household_id ?? null)),
      name,
      name_normalized: overrides.name_normalized ?? normalizePersonName(name),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A cooperative in `village_code` (kelurahan or desa by the village code, as the intake does). */
export function buildCooperative(
  db: Kysely<DB>,
  overrides: Overrides<CooperativesTable> = {},
): Promise<Selectable<CooperativesTable>> {
  const village = overrides.village_code ?? DEFAULT_VILLAGE;
  return db
    .insertInto('cooperatives')
    .values({
      registration_no: `REG-${village}-${nextSerial()}`,
      name: `Kopdes ${village}`,
      kind: village.charAt(9) === '1' ? 'kelurahan' : 'desa',
      ...overrides,
      village_code: village,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function buildMember(
  db: Kysely<DB>,
  overrides: Overrides<CooperativeMembersTable> & { cooperative_id: number },
): Promise<Selectable<CooperativeMembersTable>> {
  const name = overrides.name ?? 'Anggota';
  return db
    .insertInto('cooperative_members')
    .values({ ...overrides, name, name_normalized: overrides.name_normalized ?? normalizePersonName(name) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A programme enrolment (a bansos recipient row); PKH for 2026-03 unless given. Its province is its village's,
 * else its household's (as migration 0900 fills it).
 */
export async function buildEnrolment(
  db: Kysely<DB>,
  overrides: Overrides<ProgramEnrolmentsTable> = {},
): Promise<Selectable<ProgramEnrolmentsTable>> {
  const name = overrides.name ?? 'Penerima';
  const village = overrides.village_code ?? null;
  return db
    .insertInto('program_enrolments')
    .values({
      program_code: 'PKH',
      period: '2026-03',
      ...overrides,
      province_code:
        overrides.province_code ??
        (village ? provinceCode(village) : await householdProvince(db, overrides.household_id ?? null)),
      name,
      name_normalized: overrides.name_normalized ?? normalizePersonName(name),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The province key of a household, for rows that live beside it; the default village's without one. */
export async function householdProvince(db: Kysely<DB>, householdId: number | null): Promise<string> {
  if (householdId === null) return provinceCode(DEFAULT_VILLAGE);
  const row = await db
    .selectFrom('households')
    .select('province_code')
    .where('id', '=', householdId)
    .executeTakeFirstOrThrow();
  return row.province_code;
}

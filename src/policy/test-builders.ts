import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import * as build from '../testing/builders.js';

/** Policy-test shorthands over src/testing/builders.ts: households with members, ids returned. */
export interface PersonSpec {
  birth: string | null;
  sex?: 'L' | 'P' | null;
  relation?: number | null;
  disability?: boolean;
  occupation?: string | null;
  education?: string | null;
  nik?: string | null;
}

export interface HouseholdSpec {
  village?: string;
  decile?: number | null;
  pmt?: number | null;
  /** DTSEN miskin ekstrem flag, stored in the socio document (households.extreme_poor is generated from it). */
  extremePoor?: boolean;
  members?: PersonSpec[];
}

export async function buildHousehold(db: Kysely<DB>, spec: HouseholdSpec = {}): Promise<number> {
  const h = await build.buildHousehold(db, {
    village_code: spec.village ?? build.DEFAULT_VILLAGE,
    decile: spec.decile === undefined ? 1 : spec.decile,
    pmt_score: spec.pmt ?? null,
    ...(spec.extremePoor === undefined ? {} : { socio: { miskin_ekstrem: spec.extremePoor } }),
  });
  let n = 0;
  for (const m of spec.members ?? []) {
    n++;
    await build.buildPerson(db, {
      household_id: h.id,
      nik: m.nik ?? null,
      name: `Orang ${h.id}-${n}`,
      name_normalized: `orang ${h.id} ${n}`,
      sex: m.sex === undefined ? 'L' : m.sex,
      birth_date: m.birth,
      relation: m.relation === undefined ? (n === 1 ? 1 : 4) : m.relation,
      disability: m.disability ?? false,
      occupation: m.occupation ?? null,
      education: m.education ?? null,
    });
  }
  return h.id;
}

export async function buildCooperative(
  db: Kysely<DB>,
  spec: {
    village: string;
    capacity?: number | null;
    status?: 'forming' | 'registered' | 'operating' | 'inactive';
    name?: string;
  },
): Promise<number> {
  const row = await build.buildCooperative(db, {
    village_code: spec.village,
    status: spec.status ?? 'operating',
    member_capacity: spec.capacity ?? null,
    ...(spec.name === undefined ? {} : { name: spec.name }),
  });
  return row.id;
}

export async function buildEnrolment(
  db: Kysely<DB>,
  spec: { program: string; period: string; householdId?: number | null; nik?: string | null },
): Promise<void> {
  await build.buildEnrolment(db, {
    program_code: spec.program,
    period: spec.period,
    household_id: spec.householdId ?? null,
    nik: spec.nik ?? null,
  });
}

export async function buildMembership(
  db: Kysely<DB>,
  spec: { cooperativeId: number; nik?: string | null; personId?: number | null; leftOn?: string | null },
): Promise<void> {
  await build.buildMember(db, {
    cooperative_id: spec.cooperativeId,
    nik: spec.nik ?? null,
    person_id: spec.personId ?? null,
    left_on: spec.leftOn ?? null,
  });
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as build from '../../testing/builders.js';

/** Platform-linkage shorthands over src/testing/builders.ts: families and recipients, ids returned. */
export async function buildBatch(db: Kysely<DB>, source: string): Promise<number> {
  return (await build.buildBatch(db, { source })).id;
}

export interface PersonSpec {
  nik: string | null;
  name: string;
  birthDate: string;
  sex: 'L' | 'P';
}

/** A household with its members; returns the persons' ids in order. */
export async function buildFamily(
  db: Kysely<DB>,
  spec: { kk: string; village: string; batchId?: number; members: PersonSpec[] },
): Promise<{ householdId: number; personIds: number[] }> {
  const h = await build.buildHousehold(db, {
    kk: spec.kk,
    village_code: spec.village,
    decile: null,
    batch_id: spec.batchId ?? null,
  });
  const personIds: number[] = [];
  for (const [i, m] of spec.members.entries()) {
    const p = await build.buildPerson(db, {
      household_id: h.id,
      nik: m.nik,
      name: m.name,
      sex: m.sex,
      birth_date: m.birthDate,
      relation: i === 0 ? 1 : 4,
      batch_id: spec.batchId ?? null,
    });
    personIds.push(Number(p.id));
  }
  return { householdId: Number(h.id), personIds };
}

/** A bansos recipient row as a source list wrote it (person_id left empty for linkage). */
export async function buildRecipient(
  db: Kysely<DB>,
  spec: {
    nik: string | null;
    name: string;
    kk?: string | null;
    village: string;
    batchId?: number;
    programCode?: string;
  },
): Promise<number> {
  const row = await build.buildEnrolment(db, {
    ...(spec.programCode ? { program_code: spec.programCode } : {}),
    nik: spec.nik,
    kk: spec.kk ?? null,
    name: spec.name,
    village_code: spec.village,
    batch_id: spec.batchId ?? null,
  });
  return Number(row.id);
}

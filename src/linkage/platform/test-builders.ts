import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { normalizePersonName } from '../../identity/name.js';

/** Typed builders for platform linkage tests: rows with sensible defaults, ids returned. */
export async function buildBatch(db: Kysely<DB>, source: string): Promise<number> {
  const b = await db
    .insertInto('source_batches')
    .values({ source })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(b.id);
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
  const h = await db
    .insertInto('households')
    .values({ kk: spec.kk, village_code: spec.village, batch_id: spec.batchId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const personIds: number[] = [];
  for (const [i, m] of spec.members.entries()) {
    const p = await db
      .insertInto('persons')
      .values({
        household_id: h.id,
        nik: m.nik,
        name: m.name,
        name_normalized: normalizePersonName(m.name),
        sex: m.sex,
        birth_date: m.birthDate,
        relation: i === 0 ? 1 : 4,
        batch_id: spec.batchId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personIds.push(Number(p.id));
  }
  return { householdId: Number(h.id), personIds };
}

/** A bansos recipient row as a source list wrote it (person_id left empty for linkage). */
export async function buildRecipient(
  db: Kysely<DB>,
  spec: { nik: string | null; name: string; kk?: string | null; village: string; batchId?: number },
): Promise<number> {
  const row = await db
    .insertInto('program_enrolments')
    .values({
      program_code: 'PKH',
      period: '2026-03',
      nik: spec.nik,
      kk: spec.kk ?? null,
      name: spec.name,
      name_normalized: normalizePersonName(spec.name),
      village_code: spec.village,
      batch_id: spec.batchId ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

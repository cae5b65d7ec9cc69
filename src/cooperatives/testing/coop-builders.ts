import type { Database } from '../../db/database.js';

export interface BuiltCooperative {
  cooperativeId: number;
  villageCode: string;
  memberIds: number[];
}

let serial = 0;

/** A cooperative in the first village of a regency, with `members` members (builder: override what matters). */
export async function buildCooperative(
  database: Database,
  overrides: { regency?: string; members?: number; name?: string } = {},
): Promise<BuiltCooperative> {
  serial += 1;
  const regency = overrides.regency ?? '53.01';
  const village = await database.db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 4)
    .where('code', 'like', `${regency}.%`)
    .orderBy('code')
    .limit(1)
    .executeTakeFirstOrThrow();
  const coop = await database.db
    .insertInto('cooperatives')
    .values({
      registration_no: `KOP-${process.pid}-${serial}`,
      name: overrides.name ?? `Kopdes Uji ${serial}`,
      village_code: village.code,
      kind: 'desa',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const memberIds: number[] = [];
  for (let i = 1; i <= (overrides.members ?? 3); i++) {
    const m = await database.db
      .insertInto('cooperative_members')
      .values({
        cooperative_id: coop.id,
        member_no: `${serial}-${i}`,
        name: `Anggota ${i}`,
        name_normalized: `ANGGOTA ${i}`,
        joined_on: '2026-01-05',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    memberIds.push(m.id);
  }
  return { cooperativeId: coop.id, villageCode: village.code, memberIds };
}

import type { Database } from '../../db/database.js';
import { buildCooperative as insertCooperative, buildMember, nextSerial } from '../../testing/builders.js';

export interface BuiltCooperative {
  cooperativeId: number;
  villageCode: string;
  memberIds: number[];
}

/**
 * A cooperative in the first village of a regency, with `members` members (builder: override what matters). The
 * rows come from the typed builders of src/testing/builders.ts.
 */
export async function buildCooperative(
  database: Database,
  overrides: { regency?: string; members?: number; name?: string } = {},
): Promise<BuiltCooperative> {
  const serial = nextSerial();
  const regency = overrides.regency ?? '53.01';
  const village = await database.db
    .selectFrom('regions')
    .select('code')
    .where('level', '=', 4)
    .where('code', 'like', `${regency}.%`)
    .orderBy('code')
    .limit(1)
    .executeTakeFirstOrThrow();
  const coop = await insertCooperative(database.db, {
    registration_no: `KOP-${process.pid}-${serial}`,
    name: overrides.name ?? `Kopdes Uji ${serial}`,
    village_code: village.code,
    kind: 'desa',
  });
  const memberIds: number[] = [];
  for (let i = 1; i <= (overrides.members ?? 3); i++) {
    const m = await buildMember(database.db, {
      cooperative_id: coop.id,
      member_no: `${serial}-${i}`,
      name: `Anggota ${i}`,
      name_normalized: `ANGGOTA ${i}`,
      joined_on: '2026-01-05',
    });
    memberIds.push(m.id);
  }
  return { cooperativeId: coop.id, villageCode: village.code, memberIds };
}

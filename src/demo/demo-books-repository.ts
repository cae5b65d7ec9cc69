import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/** Members a pilot registered (province's pilot enrolments), with how far their enrolment got, by cooperative. */
export async function pilotMembers(db: Kysely<DB>, pilotId: number) {
  return db
    .selectFrom('cooperative_members as m')
    .innerJoin('pilot_enrolments as e', 'e.id', 'm.enrolment_id')
    .select(['m.id', 'm.cooperative_id', 'm.joined_on', 'm.name', 'e.state'])
    .where('e.pilot_id', '=', pilotId)
    .where('m.left_on', 'is', null)
    .orderBy('m.cooperative_id')
    .orderBy('m.id')
    .execute();
}

export async function officerNames(db: Kysely<DB>, cooperativeId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('cooperative_officers')
    .select('name')
    .where('cooperative_id', '=', cooperativeId)
    .orderBy('id')
    .limit(3)
    .execute();
  return rows.map((r) => r.name);
}

import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';

/**
 * The provinces a job is split into: those holding households or cooperatives (probed one province at a time on
 * the (province, id) index, so the cost does not grow with the data). `only` limits them to the given codes.
 */
export async function provincesWithData(db: Kysely<DB>, only?: readonly string[]): Promise<string[]> {
  const rows = await sql<{ code: string }>`
SELECT r.code FROM regions r
WHERE r.level = 1
  AND (EXISTS (SELECT 1 FROM households h WHERE left(h.village_code, 2) = r.code)
       OR EXISTS (SELECT 1 FROM cooperatives c WHERE left(c.village_code, 2) = r.code))
ORDER BY r.code`.execute(db);
  const codes = rows.rows.map((r) => r.code);
  return only && only.length > 0 ? codes.filter((c) => only.includes(c)) : codes;
}

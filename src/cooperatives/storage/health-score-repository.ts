/**
 * Stored month-end health scores (migration 0740): which cooperatives and month ends to score, and the rows
 * written. The month ends run from the cooperative's start month to the last month of cooperative positions —
 * the same series as the cooperative indicators (indicators/facts-sql.ts).
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';

export interface HealthScoreRow {
  cooperative_id: number;
  month_end: string;
  score: number | null;
  components: unknown;
}

/** Each cooperative inside `region` ('' = all; a checked code prefix) with the month ends to score. */
export async function monthEndsToScore(
  tx: Tx,
  region: string,
): Promise<{ cooperative_id: number; village_code: string; month_ends: string[] }[]> {
  const rows = await sql<{ cooperative_id: number; village_code: string; month_end: string }>`
    WITH last AS (
      SELECT date_trunc('month', greatest((SELECT max(entry_date) FROM coop_journal_entries),
                                          (SELECT max(held_on) FROM coop_mentoring_sessions))) AS month),
    co AS (
      SELECT c.id, c.village_code, date_trunc('month', least(coalesce(c.established_on, fm.joined, c.created_at::date), fs.held)) AS start
      FROM cooperatives c
      LEFT JOIN (SELECT cooperative_id, min(joined_on) AS joined FROM cooperative_members GROUP BY cooperative_id) fm
        ON fm.cooperative_id = c.id
      LEFT JOIN (SELECT cooperative_id, min(held_on) AS held FROM coop_mentoring_sessions GROUP BY cooperative_id) fs
        ON fs.cooperative_id = c.id
      WHERE left(c.village_code, ${region.length}) = ${region})
    SELECT co.id AS cooperative_id, co.village_code, to_char(g + interval '1 month' - interval '1 day', 'YYYY-MM-DD') AS month_end
    FROM co CROSS JOIN last CROSS JOIN LATERAL generate_series(co.start, last.month, interval '1 month') g
    ORDER BY co.id, g`.execute(tx.db);
  const out = new Map<number, { cooperative_id: number; village_code: string; month_ends: string[] }>();
  for (const r of rows.rows) {
    const id = Number(r.cooperative_id);
    const c = out.get(id) ?? { cooperative_id: id, village_code: r.village_code, month_ends: [] };
    c.month_ends.push(r.month_end);
    out.set(id, c);
  }
  return [...out.values()];
}

/** Replaces every stored score of the cooperatives inside `region` with `rows`. */
export async function replaceHealthScores(
  tx: Tx,
  region: string,
  rows: readonly (HealthScoreRow & { province_code: string })[],
): Promise<void> {
  await sql`
    DELETE FROM coop_health_scores h USING cooperatives c
    WHERE c.id = h.cooperative_id AND left(c.village_code, ${region.length}) = ${region}`.execute(tx.db);
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.db
      .insertInto('coop_health_scores')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          province_code: r.province_code,
          cooperative_id: r.cooperative_id,
          month_end: r.month_end,
          score: r.score,
          // Money inputs are bigint: stored as JSON strings of their digits.
          components: JSON.stringify(r.components, (_k, v: unknown) =>
            typeof v === 'bigint' ? String(v) : v,
          ),
        })),
      )
      .execute();
  }
}

import type { Tx } from '../../db/database.js';
import { DUPLICATE_NIK, DUPLICATE_PERSON, householdInconsistent } from '../profiles/dtsen-file-rules.js';
import { affected, sql } from './sql-run.js';

/**
 * The DTSEN rules that span rows, checked set-based on the staged rows (which passed every per-row check), so
 * no per-file map grows with the file. In this order:
 *  1. every row of a No. KK has the village and decile of the household's first staged row;
 *  2. among the remaining rows a person appears once: by NIK, or by No. KK + normalised name + birth date when
 *     the NIK is missing; the first line wins.
 * Rows breaking a rule are recorded in intake_rejects (field, value, reason naming the earlier line) and removed
 * from intake_stage. Returns the number of rows rejected.
 */
export async function rejectDtsenWithinFile(tx: Tx): Promise<number> {
  const village = householdInconsistent('village');
  const decile = householdInconsistent('decile');
  const inconsistent = await affected(
    tx,
    sql`INSERT INTO intake_rejects (line, seq, field, value, code, message, message_id)
      SELECT s.line, 0, CASE WHEN v THEN 'KODE_WILAYAH' ELSE 'DESIL' END,
        CASE WHEN v THEN s.village_code ELSE s.decile::text END, ${village.code},
        CASE WHEN v THEN format(${village.message}, s.kk, f.village_code, f.line)
             ELSE format(${decile.message}, s.kk, f.decile, f.line) END,
        CASE WHEN v THEN format(${village.message_id}, s.kk, f.village_code, f.line)
             ELSE format(${decile.message_id}, s.kk, f.decile, f.line) END
      FROM intake_stage s
      JOIN (SELECT DISTINCT ON (kk) kk, line, village_code, decile FROM intake_stage
            -- one hashed pass finds the (rare) split households; only their rows are sorted
            WHERE kk IN (SELECT kk FROM intake_stage GROUP BY kk
                         HAVING min(village_code) <> max(village_code) OR min(decile) <> max(decile))
            ORDER BY kk, line) f
        ON f.kk = s.kk
      CROSS JOIN LATERAL (SELECT s.village_code <> f.village_code AS v) d
      WHERE s.line <> f.line AND (s.village_code <> f.village_code OR s.decile <> f.decile)`,
  );
  if (inconsistent > 0) await removeRejected(tx);
  const duplicates =
    (await affected(
      tx,
      sql`INSERT INTO intake_rejects (line, seq, field, value, code, message, message_id)
        SELECT s.line, 0, 'NIK', s.nik, ${DUPLICATE_NIK.code}, format(${DUPLICATE_NIK.message}, d.first_line),
          format(${DUPLICATE_NIK.message_id}, d.first_line)
        FROM (SELECT nik, min(line) AS first_line FROM intake_stage WHERE nik IS NOT NULL
              GROUP BY nik HAVING count(*) > 1) d
        JOIN intake_stage s ON s.nik = d.nik AND s.line > d.first_line`,
    )) +
    (await affected(
      tx,
      sql`INSERT INTO intake_rejects (line, seq, field, value, code, message, message_id)
        SELECT s.line, 0, 'NAMA', s.name, ${DUPLICATE_PERSON.code},
          format(${DUPLICATE_PERSON.message}, d.first_line), format(${DUPLICATE_PERSON.message_id}, d.first_line)
        FROM (SELECT kk, name_normalized, coalesce(birth_date, '-infinity') AS born, min(line) AS first_line
              FROM intake_stage WHERE nik IS NULL
              GROUP BY 1, 2, 3 HAVING count(*) > 1) d
        JOIN intake_stage s ON s.nik IS NULL AND s.kk = d.kk AND s.name_normalized = d.name_normalized
          AND coalesce(s.birth_date, '-infinity') = d.born AND s.line > d.first_line`,
    ));
  if (duplicates > 0) await removeRejected(tx);
  return inconsistent + duplicates;
}

/** Drops staged rows that now have a problem recorded (each staged row was accepted while reading). */
async function removeRejected(tx: Tx): Promise<void> {
  await tx.exec(`DELETE FROM intake_stage s USING intake_rejects r WHERE r.line = s.line`);
}

import type { RevertChanges } from './revert-changes.js';
import type { Tx } from '../../db/database.js';
import { assertNoLaterChanges, dropPriorRows } from './prior-rows.js';
import {
  assertBatchExists,
  assertNoDanglingReferences,
  pauseRowTriggers,
  resumeRowTriggers,
  type ForeignKey,
} from './reference-checks.js';
import { affected, count, rows, sql } from './sql-run.js';

/** A type alias, not an interface, so it is a `Record<string, number>` (the import result's `changes`). */
export type DtsenMergeCounts = {
  households_created: number;
  households_updated: number;
  persons_created: number;
  persons_updated: number;
  persons_departed: number;
};

/**
 * Merges one DTSEN extract (`staged` rows in intake_stage) as a new snapshot, set-based:
 * households are matched by No. KK, persons within a matched household by NIK, else by normalised name and
 * birth date. The prior state of everything updated is saved (intake_prior_rows) so a revert restores it;
 * persons no longer listed leave the household (household_id = NULL). Every household in the file gets a
 * household_snapshots row with its decile and members.
 *
 * Built for the national first load: new households get their ids from the sequence while the household
 * table of the file is built, so persons join a small temporary table instead of looking households up again,
 * and the snapshot's member lists come from the persons just inserted (RETURNING) plus the matched ones,
 * without reading the persons table back.
 */
export async function mergeDtsen(
  tx: Tx,
  batchId: number,
  snapshotDate: string,
  staged: number,
): Promise<DtsenMergeCounts> {
  const sequence = await rows(
    tx,
    sql<{ oid: number }>`SELECT pg_get_serial_sequence('households', 'id')::regclass::oid::int8 AS oid`,
  );
  const sequenceOid = Number(sequence[0]!.oid);
  if (!Number.isSafeInteger(sequenceOid)) throw new Error('households.id has no sequence');
  // One row per household: the values of its first accepted row, its existing id (matched) or a new one.
  // New ids are drawn in village order (nextval runs after the sort), so the id and every village index of
  // households (region prefix + id, 0402) grow at their right end instead of taking inserts all over, whatever
  // the file's order; persons are inserted in household order and append to their household index too.
  await tx.exec(`CREATE TEMP TABLE intake_hh ON COMMIT DROP AS
    SELECT f.kk, f.village_code, left(f.village_code, 2)::char(2) AS province_code, f.address, f.decile, f.pmt_score, coalesce(f.socio, '{}'::jsonb) AS socio,
           m.id IS NOT NULL AS matched,
           coalesce(m.id, nextval(${sequenceOid}::oid::regclass)) AS household_id
    FROM (SELECT DISTINCT ON (kk) kk, line, village_code, address, decile, pmt_score, socio
          FROM intake_stage ORDER BY kk, line) f
    LEFT JOIN (SELECT h.kk, min(h.id) AS id FROM households h
               WHERE h.kk IN (SELECT kk COLLATE "default" FROM intake_stage) GROUP BY h.kk) m ON m.kk = f.kk
    ORDER BY f.village_code, f.kk;
    ANALYZE intake_hh`);
  const paused = await pauseRowTriggers(tx, DTSEN_TABLES);
  const matched = await count(tx, sql`SELECT count(*) AS n FROM intake_hh WHERE matched`);
  let personsUpdated = 0;
  let departed = 0;
  if (matched > 0) {
    // Persons of matched households: NIK first, then normalised name + birth date (only when a NIK is missing).
    await tx.exec(`CREATE TEMP TABLE intake_pm ON COMMIT DROP AS
      SELECT DISTINCT ON (person_id) line, person_id, household_id FROM (
        SELECT s.line, p.id AS person_id, t.household_id
        FROM intake_stage s
        JOIN intake_hh t ON t.kk = s.kk AND t.matched
        CROSS JOIN LATERAL (
          SELECT x.id FROM persons x
          WHERE x.household_id = t.household_id
            AND ((s.nik IS NOT NULL AND x.nik = s.nik)
              OR ((s.nik IS NULL OR x.nik IS NULL) AND x.name_normalized = s.name_normalized
                  AND x.birth_date IS NOT DISTINCT FROM s.birth_date))
          ORDER BY (s.nik IS NOT NULL AND x.nik = s.nik) DESC, x.id LIMIT 1) p
      ) candidates ORDER BY person_id, line`);
    await tx.exec(`CREATE UNIQUE INDEX ON intake_pm (line)`);
    await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
      SELECT ${batchId}, 'households', h.id, to_jsonb(h) FROM households h
      JOIN intake_hh t ON t.household_id = h.id AND t.matched`.execute(tx.db);
    await sql`INSERT INTO intake_prior_rows (batch_id, table_name, row_id, data)
      SELECT ${batchId}, 'persons', x.id, to_jsonb(x) FROM persons x
      JOIN intake_hh t ON x.household_id = t.household_id AND t.matched`.execute(tx.db);
    // A household that moved to another province changes its key (its persons and snapshots follow: ON UPDATE
    // CASCADE), in a statement of its own run only when one did, as Citus cannot move a row between shards.
    const moved = await count(
      tx,
      sql`SELECT count(*) AS n FROM intake_hh t JOIN households h ON h.id = t.household_id
        WHERE t.matched AND h.province_code <> t.province_code`,
    );
    if (moved > 0) {
      await sql`UPDATE households h SET province_code = t.province_code, village_code = t.village_code
        FROM intake_hh t WHERE t.household_id = h.id AND t.matched AND h.province_code <> t.province_code`.execute(
        tx.db,
      );
    }
    const householdsUpdated = await affected(
      tx,
      sql`UPDATE households h SET village_code = t.village_code, address = coalesce(t.address, h.address),
          decile = t.decile, pmt_score = t.pmt_score, snapshot_date = ${snapshotDate}::date, socio = t.socio,
          batch_id = ${batchId}, updated_at = now()
        FROM intake_hh t WHERE t.household_id = h.id AND t.matched`,
    );
    // Every matched household is now updated, hence row-locked by this transaction, unless another one
    // deleted it since intake_hh was built: then its persons would point nowhere.
    if (householdsUpdated !== matched) {
      throw new Error(
        `${matched - householdsUpdated} household(s) of this extract were deleted while it was being imported; nothing was imported, run the import again`,
      );
    }
    personsUpdated = await affected(
      tx,
      sql`UPDATE persons x SET nik = coalesce(s.nik, x.nik), name = s.name, name_normalized = s.name_normalized,
          sex = coalesce(s.sex, x.sex), birth_date = coalesce(s.birth_date, x.birth_date),
          relation = coalesce(s.relation, x.relation), disability = s.disability,
          occupation = coalesce(s.occupation, x.occupation), education = coalesce(s.education, x.education),
          marital_status = coalesce(s.marital_status, x.marital_status), batch_id = ${batchId}, updated_at = now()
        FROM intake_pm m JOIN intake_stage s ON s.line = m.line WHERE x.id = m.person_id`,
    );
    departed = await affected(
      tx,
      sql`UPDATE persons x SET household_id = NULL, updated_at = now()
        FROM intake_hh t WHERE x.household_id = t.household_id AND t.matched
          AND NOT EXISTS (SELECT 1 FROM intake_pm m WHERE m.person_id = x.id)`,
    );
  }
  const householdsCreated = await affected(
    tx,
    sql`INSERT INTO households
        (id, province_code, kk, village_code, address, decile, pmt_score, snapshot_date, socio, batch_id)
      OVERRIDING SYSTEM VALUE
      SELECT household_id, province_code, kk, village_code, address, decile, pmt_score, ${snapshotDate}::date, socio, ${batchId}
      FROM intake_hh WHERE NOT matched ORDER BY household_id`,
  );
  // New persons in household order (file order within one); their ids (RETURNING) and the matched persons
  // make up each snapshot's members.
  await sql`WITH created AS (
        INSERT INTO persons (province_code, household_id, nik, name, name_normalized, sex, birth_date, relation,
          disability, occupation, education, marital_status, batch_id)
        SELECT t.province_code, t.household_id, s.nik, s.name, s.name_normalized, s.sex, s.birth_date, s.relation, s.disability,
          s.occupation, s.education, s.marital_status, ${batchId}
        FROM intake_stage s JOIN intake_hh t ON t.kk = s.kk
        ${matched > 0 ? sql`WHERE NOT EXISTS (SELECT 1 FROM intake_pm m WHERE m.line = s.line)` : sql``}
        ORDER BY t.household_id, s.line
        RETURNING id, household_id),
      members AS (
        SELECT household_id, id FROM created
        ${matched > 0 ? sql`UNION ALL SELECT household_id, person_id FROM intake_pm` : sql``})
      INSERT INTO household_snapshots
        (province_code, household_id, batch_id, snapshot_date, decile, pmt_score, member_count, socio, member_ids)
      SELECT t.province_code, t.household_id, ${batchId}, ${snapshotDate}::date, t.decile, t.pmt_score, coalesce(m.n, 0), t.socio,
        coalesce(m.ids, '{}')
      FROM intake_hh t LEFT JOIN (
        SELECT household_id, count(*)::int AS n, array_agg(id ORDER BY id) AS ids FROM members GROUP BY household_id
      ) m ON m.household_id = t.household_id`.execute(tx.db);
  if (paused) {
    await resumeRowTriggers(tx);
    await assertBatchExists(tx, batchId);
    await assertNoDanglingReferences(tx, [DTSEN_VILLAGES]);
  }
  return {
    households_created: householdsCreated,
    households_updated: matched,
    persons_created: staged - personsUpdated,
    persons_updated: personsUpdated,
    persons_departed: departed,
  };
}

/** The tables the DTSEN merge writes. */
const DTSEN_TABLES = ['households', 'persons', 'household_snapshots', 'intake_prior_rows'];

/**
 * The foreign keys the DTSEN merge writes, proved while its row triggers are paused. Every household it writes
 * is a row of intake_hh (inserted, or updated and so locked: the update count is checked), and every person
 * and snapshot it writes takes its household_id from intake_hh: those references hold by construction, without
 * reading the million rows back. What remains are the village codes (validated against regions when reading,
 * but a region could have gone since), checked once per distinct code; batch_id references hold as the batch
 * row exists (assertBatchExists).
 */
const DTSEN_VILLAGES: ForeignKey = {
  table: 'intake_hh',
  column: 'village_code',
  references: 'regions',
  key: 'code',
  written: sql`true`,
};

/** Undoes a DTSEN batch: restores updated persons/households to their saved state, deletes what it created. */
export async function revertDtsen(tx: Tx, batchId: number): Promise<RevertChanges> {
  await assertNoLaterChanges(tx, batchId, ['households', 'persons']);
  const personsRestored = await affected(
    tx,
    sql`UPDATE persons x SET household_id = r.household_id, nik = r.nik, name = r.name,
        name_normalized = r.name_normalized, sex = r.sex, birth_date = r.birth_date, relation = r.relation,
        disability = r.disability, occupation = r.occupation, education = r.education,
        marital_status = r.marital_status, batch_id = r.batch_id, updated_at = r.updated_at
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::persons, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'persons' AND x.id = pr.row_id`,
  );
  const snapshots = await affected(tx, sql`DELETE FROM household_snapshots WHERE batch_id = ${batchId}`);
  const personsDeleted = await affected(tx, sql`DELETE FROM persons WHERE batch_id = ${batchId}`);
  // A household this batch moved to another province goes back first, by a statement of its own (see mergeDtsen).
  const movedBack = await count(
    tx,
    sql`SELECT count(*) AS n FROM intake_prior_rows pr JOIN households h ON h.id = pr.row_id
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'households'
        AND h.province_code <> left(pr.data->>'village_code', 2)`,
  );
  if (movedBack > 0) {
    await sql`UPDATE households h SET province_code = left(r.village_code, 2), village_code = r.village_code
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::households, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'households' AND h.id = pr.row_id
        AND h.province_code <> left(r.village_code, 2)`.execute(tx.db);
  }
  const householdsRestored = await affected(
    tx,
    sql`UPDATE households h SET kk = r.kk, village_code = r.village_code, address = r.address,
        decile = r.decile, pmt_score = r.pmt_score, snapshot_date = r.snapshot_date, socio = r.socio,
        batch_id = r.batch_id, updated_at = r.updated_at
      FROM intake_prior_rows pr CROSS JOIN LATERAL jsonb_populate_record(NULL::households, pr.data) r
      WHERE pr.batch_id = ${batchId} AND pr.table_name = 'households' AND h.id = pr.row_id`,
  );
  const householdsDeleted = await affected(tx, sql`DELETE FROM households WHERE batch_id = ${batchId}`);
  await dropPriorRows(tx, batchId);
  return {
    households_deleted: householdsDeleted,
    households_restored: householdsRestored,
    persons_deleted: personsDeleted,
    persons_restored: personsRestored,
    snapshots_deleted: snapshots,
  };
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { onCitus, testEngines } from '../../testing/test-database.js';
import { openUnmigrated } from '../../testing/unmigrated-database.js';
import { migrations } from './index.js';

const at = migrations.findIndex((m) => m.name === '0900-province-keys');
const before = migrations.slice(0, at);
/** 0900 and whatever later areas added after it (e.g. 0950 jobs). */
const fromProvinceKeys = migrations.slice(at).map((m) => m.name);

// Upgrading an installation that has data. (Not on the Citus job: there the distribution is what moves rows.)
describe.skipIf(onCitus()).each(testEngines())('migration 0900 on a populated database (%s)', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openUnmigrated(kind, '0900'));
    await migrate(database, before);
  }, 600_000); // every migration from an empty database: minutes on PGlite on a loaded machine
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('fills every province key from the village, the household, the last snapshot or the NIK, losing nothing', async () => {
    await database.exec(`
      INSERT INTO source_batches (source) VALUES ('dtsen');
      INSERT INTO households (kk, village_code, decile, batch_id) VALUES
        ('KK-NTT', '53.71.01.1001', 1, 1), ('KK-ACEH', '11.01.01.2001', 2, 1);
      INSERT INTO persons (household_id, nik, name, name_normalized) VALUES
        (1, '5371010101900001', 'Siti', 'SITI'), (2, '1101010101900002', 'Budi', 'BUDI'),
        (NULL, '5371010101900003', 'Yohana', 'YOHANA'), (NULL, '3201010101900004', 'Rina', 'RINA'),
        (NULL, NULL, 'Tanpa', 'TANPA');
      INSERT INTO household_snapshots (household_id, batch_id, snapshot_date, member_ids)
        VALUES (2, 1, DATE '2025-01-31', '{2,3}');
      INSERT INTO program_enrolments (program_code, period, name, name_normalized, village_code, household_id, nik)
        VALUES ('PKH', '2026-03', 'A', 'A', '53.71.01.1001', NULL, NULL),
               ('PKH', '2026-03', 'B', 'B', NULL, 2, NULL),
               ('PKH', '2026-03', 'C', 'C', NULL, NULL, '3301010101900009');`);
    const fingerprint = () =>
      sql<{ t: string }>`SELECT concat_ws(';',
          (SELECT string_agg(concat_ws('|', id, kk, village_code, decile), ',' ORDER BY id) FROM households),
          (SELECT string_agg(concat_ws('|', id, household_id, nik, name), ',' ORDER BY id) FROM persons),
          (SELECT string_agg(concat_ws('|', household_id, batch_id, member_ids), ',') FROM household_snapshots),
          (SELECT string_agg(concat_ws('|', id, village_code, household_id, nik), ',' ORDER BY id)
             FROM program_enrolments)) AS t`
        .execute(database.db)
        .then((r) => r.rows[0]!.t);
    const original = await fingerprint();

    expect(await migrate(database)).toEqual(fromProvinceKeys);

    expect(await fingerprint()).toBe(original);
    const keys = async (table: 'households' | 'persons' | 'program_enrolments') =>
      (
        await sql<{
          id: number;
          province_code: string;
        }>`SELECT id, province_code FROM ${sql.table(table)} ORDER BY id`.execute(database.db)
      ).rows.map((r) => `${r.id}:${r.province_code}`);
    expect(await keys('households')).toEqual(['1:53', '2:11']);
    // Household; household; the snapshot listing person 3 (Aceh, not its NIK's 53); the NIK; unknown.
    expect(await keys('persons')).toEqual(['1:53', '2:11', '3:11', '4:32', '5:00']);
    expect(await keys('program_enrolments')).toEqual(['1:53', '2:11', '3:33']);
    const snapshot = await database.db
      .selectFrom('household_snapshots')
      .select('province_code')
      .executeTakeFirstOrThrow();
    expect(snapshot.province_code).toBe('11');
  });

  it('keeps the keys consistent: the village decides, a move carries persons and snapshots along', async () => {
    await expect(
      database.exec(
        `INSERT INTO households (province_code, kk, village_code) VALUES ('53', 'KK-X', '11.01.01.2001')`,
      ),
    ).rejects.toThrow(/households_province_code_check/);
    await database.exec(
      `UPDATE households SET province_code = '53', village_code = '53.71.01.1001' WHERE id = 2`,
    );
    const moved = await sql<{ p: string; s: string }>`SELECT
        (SELECT string_agg(province_code, ',' ORDER BY id) FROM persons WHERE household_id = 2) AS p,
        (SELECT province_code FROM household_snapshots WHERE household_id = 2) AS s`.execute(database.db);
    expect(moved.rows[0]).toEqual({ p: '53', s: '53' });
  });
});

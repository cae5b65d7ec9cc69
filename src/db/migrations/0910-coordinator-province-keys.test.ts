import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { onCitus, testEngines } from '../../testing/test-database.js';
import { openUnmigrated } from '../../testing/unmigrated-database.js';
import { migrations } from './index.js';

const at = migrations.findIndex((m) => m.name === '0910-coordinator-province-keys');
const before = migrations.slice(0, at);
const fromHere = migrations.slice(at).map((m) => m.name);
const TABLES = ['policy_decisions', 'consent_records', 'legal_holds'] as const;

// Upgrading an installation that has data. (Not on the Citus job: there the distribution is what moves rows.)
describe.skipIf(onCitus()).each(testEngines())('migration 0910 on a populated database (%s)', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openUnmigrated(kind, '0910'));
    await migrate(database, before);
  }, 600_000); // every migration from an empty database: minutes on PGlite on a loaded machine
  afterAll(async () => {
    await database.close();
    await drop();
  });

  const keys = async (table: (typeof TABLES)[number]) =>
    (
      await sql<{
        id: number;
        household_id: number;
        province_code: string;
      }>`SELECT id, household_id, province_code FROM ${sql.table(table)} ORDER BY id`.execute(database.db)
    ).rows.map((r) => `${r.id}:${r.household_id}:${r.province_code}`);

  it("gives every decision, consent record and legal hold its household's province, losing nothing", async () => {
    await database.exec(`
      INSERT INTO source_batches (source) VALUES ('dtsen');
      INSERT INTO households (province_code, kk, village_code, decile, batch_id) VALUES
        ('53', 'KK-NTT', '53.71.01.1001', 1, 1), ('11', 'KK-ACEH', '11.01.01.2001', 2, 1);
      INSERT INTO persons (province_code, household_id, nik, name, name_normalized) VALUES
        ('53', 1, '5371010101900001', 'Siti', 'SITI'), ('11', 2, '1101010101900002', 'Budi', 'BUDI');
      INSERT INTO policies (policy_id, version, as_of, content, content_hash)
        VALUES ('p', 1, DATE '2026-01-01', 'x', 'h');
      INSERT INTO policy_applications (policy_row_id, effective) VALUES (1, DATE '2026-01-01');
      INSERT INTO policy_decisions (application_id, household_id, treatment, effective)
        VALUES (1, 1, 'A', DATE '2026-01-01'), (1, 2, 'B', DATE '2026-01-01');
      INSERT INTO consent_records (household_id, person_id, purpose, status, method, decided_at, recorded_by)
        VALUES (2, 2, 'linkage', 'given', 'written', now(), 't'), (1, NULL, 'linkage', 'given', 'written', now(), 't');
      INSERT INTO legal_holds (household_id, reason, placed_by) VALUES (2, 'perkara', 't');`);
    const fingerprint = () =>
      sql<{ t: string }>`SELECT concat_ws(';',
          (SELECT string_agg(concat_ws('|', id, application_id, household_id, treatment), ',' ORDER BY id)
             FROM policy_decisions),
          (SELECT string_agg(concat_ws('|', id, household_id, person_id, purpose), ',' ORDER BY id)
             FROM consent_records),
          (SELECT string_agg(concat_ws('|', id, household_id, reason), ',' ORDER BY id) FROM legal_holds)) AS t`
        .execute(database.db)
        .then((r) => r.rows[0]!.t);
    const original = await fingerprint();

    expect(await migrate(database)).toEqual(fromHere);

    expect(await fingerprint()).toBe(original);
    expect(await keys('policy_decisions')).toEqual(['1:1:53', '2:2:11']);
    expect(await keys('consent_records')).toEqual(['1:2:11', '2:1:53']);
    expect(await keys('legal_holds')).toEqual(['1:2:11']);
  });

  it('keeps them with their household: a row of another province is refused, a move and a delete carry them', async () => {
    await expect(
      database.exec(`INSERT INTO legal_holds (province_code, household_id, reason, placed_by)
        VALUES ('53', 2, 'salah', 't')`),
    ).rejects.toThrow(/legal_holds_household_fkey/);
    await database.exec(
      `UPDATE households SET province_code = '53', village_code = '53.71.01.1001' WHERE id = 2`,
    );
    for (const table of TABLES) expect((await keys(table)).every((k) => k.endsWith(':53'))).toBe(true);
    await database.exec(`DELETE FROM households WHERE id = 2`);
    expect(await keys('policy_decisions')).toEqual(['1:1:53']);
    expect(await keys('consent_records')).toEqual(['2:1:53']);
    expect(await keys('legal_holds')).toEqual([]);
  });
});

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { onCitus, testEngines, useTestDatabase } from '../../testing/test-database.js';
import { openUnmigrated } from '../../testing/unmigrated-database.js';
import { migrations } from './index.js';

const at = migrations.findIndex((m) => m.name === '0980-distribute-coordinator-tables');
const before = migrations.slice(0, at);
const fromHere = migrations.slice(at).map((m) => m.name);
const TABLES = ['consent_records', 'legal_holds', 'policy_decisions'];

/** The three tables' constraints and indexes, by name and definition. */
async function shape(database: Database): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`
    SELECT conname || ' ' || pg_get_constraintdef(oid) AS t FROM pg_constraint
    WHERE conrelid::regclass::text IN (${sql.join(TABLES)})
    UNION ALL
    SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid::regclass::text IN (${sql.join(TABLES)})
    ORDER BY 1`.execute(database.db);
  return rows.map((r) => r.t);
}

/** How each table's `id` is filled: identity kind ('' = none) and its default expression. */
async function idColumns(database: Database): Promise<string[]> {
  const { rows } = await sql<{ t: string }>`
    SELECT c.relname || ':' || a.attidentity::text || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') AS t
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attname = 'id' AND c.relname IN (${sql.join(TABLES)}) AND c.relkind = 'r'
    ORDER BY c.relname`.execute(database.db);
  return rows.map((r) => r.t);
}

// Upgrading an installation that has data. (Not on the Citus job: there the template is migrated from empty.)
describe.skipIf(onCitus()).each(testEngines())('migration 0980 on a populated database (%s)', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openUnmigrated(kind, '0980'));
    await migrate(database, before);
  }, 600_000); // every migration from an empty database: minutes on PGlite on a loaded machine
  afterAll(async () => {
    await database.close();
    await drop();
  });

  const ids = async (table: string) =>
    (
      await sql<{ id: string }>`SELECT id::text FROM ${sql.table(table)} ORDER BY id`.execute(database.db)
    ).rows.map((r) => Number(r.id));

  it('numbers from a sequence where the identity stood: nothing lost, no id handed out twice', async () => {
    await database.exec(`
      INSERT INTO source_batches (source) VALUES ('dtsen');
      INSERT INTO households (province_code, kk, village_code, decile, batch_id) VALUES
        ('53', 'KK-NTT', '53.71.01.1001', 1, 1), ('11', 'KK-ACEH', '11.01.01.2001', 2, 1);
      INSERT INTO policies (policy_id, version, as_of, content, content_hash) VALUES
        ('p', 1, DATE '2026-01-01', 'x', 'h'), ('p', 2, DATE '2026-02-01', 'y', 'i');
      INSERT INTO policy_applications (policy_row_id, effective) VALUES (1, DATE '2026-01-01');
      INSERT INTO policy_decisions (province_code, application_id, household_id, treatment, effective) VALUES
        ('53', 1, 1, 'A', DATE '2026-01-01'), ('11', 1, 2, 'B', DATE '2026-01-01'), ('11', 1, 2, 'C', DATE '2026-01-01');
      DELETE FROM policy_decisions WHERE id = 3;
      INSERT INTO consent_records (province_code, household_id, purpose, status, method, decided_at, recorded_by)
        VALUES ('11', 2, 'linkage', 'given', 'written', now(), 't');
      INSERT INTO legal_holds (province_code, household_id, reason, placed_by) VALUES ('11', 2, 'perkara', 't');`);
    const fingerprint = () =>
      sql<{ t: string }>`SELECT concat_ws(';',
          (SELECT string_agg(concat_ws('|', id, policy_id, version), ',' ORDER BY id) FROM policies),
          (SELECT string_agg(concat_ws('|', id, policy_row_id), ',' ORDER BY id) FROM policy_applications),
          (SELECT string_agg(concat_ws('|', id, province_code, household_id, treatment), ',' ORDER BY id)
             FROM policy_decisions),
          (SELECT string_agg(concat_ws('|', id, household_id, purpose), ',' ORDER BY id) FROM consent_records),
          (SELECT string_agg(concat_ws('|', id, household_id, reason), ',' ORDER BY id) FROM legal_holds)) AS t`
        .execute(database.db)
        .then((r) => r.rows[0]!.t);
    const original = await fingerprint();
    const keysAndIndexes = await shape(database);
    expect(await idColumns(database)).toEqual(TABLES.map((t) => `${t}:a:`)); // identity, no default

    expect(await migrate(database)).toEqual(fromHere);

    expect(await fingerprint()).toBe(original);
    expect(await shape(database)).toEqual(keysAndIndexes);
    expect(await idColumns(database)).toEqual(TABLES.map((t) => `${t}::nextval('${t}_ids'::regclass)`));
    await database.exec(`
      INSERT INTO policies (policy_id, version, as_of, content, content_hash) VALUES ('p', 3, DATE '2026-03-01', 'z', 'j');
      INSERT INTO policy_applications (policy_row_id, effective) VALUES (3, DATE '2026-03-01');
      INSERT INTO policy_decisions (province_code, application_id, household_id, treatment, effective)
        VALUES ('53', 2, 1, 'D', DATE '2026-03-01');
      INSERT INTO consent_records (province_code, household_id, purpose, status, method, decided_at, recorded_by)
        VALUES ('53', 1, 'linkage', 'given', 'written', now(), 't');
      INSERT INTO legal_holds (province_code, household_id, reason, placed_by) VALUES ('53', 1, 'perkara', 't');`);
    expect(await ids('policies')).toEqual([1, 2, 3]);
    expect(await ids('policy_applications')).toEqual([1, 2]);
    expect(await ids('policy_decisions')).toEqual([1, 2, 4]); // 3 was handed out (and deleted) before
    expect(await ids('consent_records')).toEqual([1, 2]);
    expect(await ids('legal_holds')).toEqual([1, 2]);
  });

  it('keeps the composite key into households on one server (a move and a delete still carry the rows)', async () => {
    await expect(
      database.exec(`INSERT INTO legal_holds (province_code, household_id, reason, placed_by)
        VALUES ('53', 2, 'salah', 't')`),
    ).rejects.toThrow(/legal_holds_household_fkey/);
    await database.exec(
      `UPDATE households SET province_code = '53', village_code = '53.71.01.1001' WHERE id = 2`,
    );
    const provinces = await sql<{ p: string }>`
      SELECT DISTINCT province_code AS p FROM policy_decisions WHERE household_id = 2`.execute(database.db);
    expect(provinces.rows.map((r) => r.p)).toEqual(['53']);
    await database.exec(`DELETE FROM households WHERE id = 2`);
    expect(await ids('legal_holds')).toEqual([2]);
  });
});

// On the Citus job: the template's migrations distributed the three with households and replicated their parents.
describe.skipIf(!onCitus())('migration 0980 on Citus', () => {
  const ctx = useTestDatabase('postgres');

  it('distributes decisions, consents and holds by province with households, and makes policies reference tables', async () => {
    const { rows } = await sql<{ t: string }>`
      SELECT logicalrelid::regclass::text || ':' || partmethod::text || ':' ||
             coalesce(column_to_column_name(logicalrelid, partkey), '') || ':' ||
             (colocationid = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'households'::regclass))::text AS t
      FROM pg_dist_partition
      WHERE logicalrelid::regclass::text IN (${sql.join([...TABLES, 'policies', 'policy_applications'])})
      ORDER BY 1`.execute(ctx.database.db);
    expect(rows.map((r) => r.t)).toEqual([
      'consent_records:h:province_code:true',
      'legal_holds:h:province_code:true',
      'policies:n::false',
      'policy_applications:n::false',
      'policy_decisions:h:province_code:true',
    ]);
    expect(await idColumns(ctx.database)).toEqual(TABLES.map((t) => `${t}::nextval('${t}_ids'::regclass)`));
  });
});

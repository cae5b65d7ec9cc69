import { sql } from 'kysely';
import type { Tx } from '../database.js';
import type { Migration } from '../migration.js';

/**
 * Province keys on the largest tables (issue #19, docs/SCALE.md): households, persons, household_snapshots and
 * program_enrolments carry `province_code` (two digits of the village code) in their primary keys, and persons
 * and snapshots reach their household through (province_code, household_id). Existing rows are filled in place.
 *
 * - A household's province is its village's (a CHECK keeps them equal); a person's is its household's when it
 *   was written (it keeps it after leaving the household); an enrolment's is its list row's village, else its
 *   linked household's. Rows without either take their NIK's province (its first two digits), else 00.
 * - On one server `id` stays unique on its own (UNIQUE (id)), so the smaller tables that point at a household,
 *   person or enrolment by id alone keep their foreign keys. Moving a household to another province updates
 *   its key; persons and snapshots follow (ON UPDATE CASCADE).
 * - With the Citus extension installed (distributed PostgreSQL), the same migration distributes the four
 *   tables by province_code, co-located, and makes regions, programs and source_batches reference tables.
 *   Citus cannot enforce a uniqueness or foreign key without the distribution column, so there the UNIQUE (id)
 *   constraints and the id-only foreign keys into these tables are dropped (listed in docs/SCALE.md).
 */
export const provinceKeysMigration: Migration = {
  name: '0900-province-keys',
  up: async (tx) => {
    const referencing = await foreignKeysInto(tx, ['households', 'persons', 'program_enrolments']);
    for (const fk of referencing) await tx.exec(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
    await tx.exec(`
ALTER TABLE households ADD COLUMN province_code char(2);
UPDATE households SET province_code = left(village_code, 2);
ALTER TABLE households ALTER COLUMN province_code SET NOT NULL,
  ADD CONSTRAINT households_province_code_check CHECK (province_code = left(village_code, 2)),
  DROP CONSTRAINT households_pkey,
  ADD PRIMARY KEY (province_code, id),
  ADD CONSTRAINT households_id_key UNIQUE (id);

ALTER TABLE persons ADD COLUMN province_code char(2);
UPDATE persons x SET province_code = h.province_code FROM households h WHERE h.id = x.household_id;
-- Persons who left their household before this migration: the province of the newest household listing them,
-- else their NIK's (its first two digits are the province that issued it), else 00 (unknown).
UPDATE persons x SET province_code = m.province_code
  FROM (SELECT DISTINCT ON (u.person_id) u.person_id, h.province_code
        FROM household_snapshots s JOIN households h ON h.id = s.household_id
        CROSS JOIN LATERAL unnest(s.member_ids) AS u(person_id)
        WHERE u.person_id IN (SELECT id FROM persons WHERE province_code IS NULL)
        ORDER BY u.person_id, s.snapshot_date DESC) m
  WHERE x.province_code IS NULL AND x.id = m.person_id;
UPDATE persons SET province_code = CASE WHEN nik ~ '^[0-9]{2}' THEN left(nik, 2) ELSE '00' END
  WHERE province_code IS NULL;
ALTER TABLE persons ALTER COLUMN province_code SET NOT NULL,
  DROP CONSTRAINT persons_pkey,
  ADD PRIMARY KEY (province_code, id),
  ADD CONSTRAINT persons_id_key UNIQUE (id),
  ADD CONSTRAINT persons_household_fkey FOREIGN KEY (province_code, household_id)
    REFERENCES households (province_code, id) ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE household_snapshots ADD COLUMN province_code char(2);
UPDATE household_snapshots s SET province_code = h.province_code FROM households h WHERE h.id = s.household_id;
ALTER TABLE household_snapshots ALTER COLUMN province_code SET NOT NULL,
  DROP CONSTRAINT household_snapshots_pkey,
  ADD PRIMARY KEY (province_code, household_id, batch_id),
  ADD CONSTRAINT household_snapshots_household_fkey FOREIGN KEY (province_code, household_id)
    REFERENCES households (province_code, id) ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE program_enrolments ADD COLUMN province_code char(2);
UPDATE program_enrolments e SET province_code = coalesce(left(e.village_code, 2),
  (SELECT h.province_code FROM households h WHERE h.id = e.household_id),
  CASE WHEN e.nik ~ '^[0-9]{2}' THEN left(e.nik, 2) END, '00');
ALTER TABLE program_enrolments ALTER COLUMN province_code SET NOT NULL,
  DROP CONSTRAINT program_enrolments_pkey,
  ADD PRIMARY KEY (province_code, id),
  ADD CONSTRAINT program_enrolments_id_key UNIQUE (id);
`);
    // The persons and snapshots keys into households are composite now; every other one is put back as it was.
    const kept = referencing.filter(
      (fk) => !(fk.table === 'persons' || fk.table === 'household_snapshots') || fk.into !== 'households',
    );
    if (await citusInstalled(tx)) {
      await distribute(tx);
    } else {
      for (const fk of kept)
        await tx.exec(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    }
  },
};

interface ForeignKey {
  table: string;
  name: string;
  into: string;
  definition: string;
}

async function foreignKeysInto(tx: Tx, tables: readonly string[]): Promise<ForeignKey[]> {
  const { rows } = await sqlRows<ForeignKey>(
    tx,
    `SELECT quote_ident(c.relname) AS "table", quote_ident(k.conname) AS name, t.relname AS "into",
            pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema() AND t.relname IN (${tables.map((t) => `'${t}'`).join(', ')})
     ORDER BY c.relname, k.conname`,
  );
  return rows;
}

export async function citusInstalled(tx: Tx): Promise<boolean> {
  const { rows } = await sqlRows<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'citus'`,
  );
  return rows[0]!.n > 0;
}

const DISTRIBUTED = ['households', 'persons', 'household_snapshots', 'program_enrolments'];
const REFERENCE = ['regions', 'programs', 'source_batches'];

/**
 * Citus: the co-located group is distributed first and the reference tables made next, with the group's own
 * foreign keys set aside meanwhile (Citus refuses to distribute a table a local one points at, or one it has
 * already taken into its metadata because it points at a reference table) and put back after. Existing rows
 * move into the shards (the coordinator keeps its now hidden local copy: docs/SCALE.md). Sequential mode: the migrations are
 * one transaction, and Citus refuses parallel shard connections once it has written over one.
 */
async function distribute(tx: Tx): Promise<void> {
  await tx.exec(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
ALTER TABLE households DROP CONSTRAINT households_id_key;
ALTER TABLE persons DROP CONSTRAINT persons_id_key;
ALTER TABLE program_enrolments DROP CONSTRAINT program_enrolments_id_key;`);
  const own = await foreignKeysOf(tx, DISTRIBUTED);
  for (const fk of own) await tx.exec(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const table of DISTRIBUTED) {
    const colocate = table === 'households' ? '' : `, colocate_with => 'households'`;
    await tx.exec(`SELECT create_distributed_table('${table}', 'province_code'${colocate})`);
  }
  for (const table of REFERENCE) await tx.exec(`SELECT create_reference_table('${table}')`);
  // Citus cannot cascade an update of the distribution column (nor move a row between shards by UPDATE anyway).
  for (const fk of own) {
    const definition = fk.definition.replace(' ON UPDATE CASCADE', '');
    await tx.exec(`ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${definition}`);
  }
}

/** The foreign keys declared on `tables` (outgoing). */
async function foreignKeysOf(tx: Tx, tables: readonly string[]): Promise<ForeignKey[]> {
  const { rows } = await sqlRows<ForeignKey>(
    tx,
    `SELECT quote_ident(c.relname) AS "table", quote_ident(k.conname) AS name, t.relname AS "into",
            pg_get_constraintdef(k.oid) AS definition
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class t ON t.oid = k.confrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE k.contype = 'f' AND n.nspname = current_schema() AND c.relname IN (${tables.map((t) => `'${t}'`).join(', ')})
     ORDER BY c.relname, k.conname`,
  );
  return rows;
}

function sqlRows<R>(tx: Tx, text: string): Promise<{ rows: R[] }> {
  return sql<R>`${sql.raw(text)}`.execute(tx.db);
}

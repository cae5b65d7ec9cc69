import type { Tx } from '../database.js';
import type { Migration } from '../migration.js';
import { citusInstalled } from './0900-province-keys.js';

/** The tables that point at one household and are read joined with it (docs/SCALE.md). */
const TABLES = ['policy_decisions', 'consent_records', 'legal_holds'] as const;

/**
 * Province keys on the tables that hang off a household (issue #19, docs/SCALE.md): policy decisions, consent
 * records and legal holds carry their household's `province_code`, in their primary key and (on one server) in
 * a composite foreign key (province_code, household_id) into households, so their joins with households and
 * persons fix the province. Existing rows take their household's province (every row has one: household_id
 * is NOT NULL and was cascaded).
 *
 * With Citus installed the three stay coordinator tables for now: Citus already manages them as "local"
 * tables (tied by foreign keys to the reference tables) and refuses to distribute such a table while it has an
 * identity column (docs/SCALE.md says what distributing them needs). Citus cannot hold a foreign key from a
 * coordinator table into a distributed one either, so there the composite key is not declared.
 */
export const coordinatorProvinceKeysMigration: Migration = {
  name: '0910-coordinator-province-keys',
  up: async (tx) => {
    const citus = await citusInstalled(tx);
    for (const table of TABLES) await addProvinceKey(tx, table, citus);
  },
};

async function addProvinceKey(tx: Tx, table: string, citus: boolean): Promise<void> {
  // One statement per call and one subcommand per ALTER TABLE (Citus refuses several at once on the tables it
  // manages). The households are read once into a materialised CTE: on Citus a coordinator table cannot be
  // updated joined with a distributed one directly, but with the CTE's result it can. Rows whose household
  // was deleted after 0900 on Citus (which could not cascade the delete) go as the cascade would have taken them.
  const statements = [
    `ALTER TABLE ${table} ADD COLUMN province_code char(2)`,
    `WITH h AS MATERIALIZED (SELECT id, province_code FROM households)
     UPDATE ${table} x SET province_code = h.province_code FROM h WHERE h.id = x.household_id`,
    `DELETE FROM ${table} WHERE province_code IS NULL`,
    `ALTER TABLE ${table} ALTER COLUMN province_code SET NOT NULL`,
    `ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`,
    `ALTER TABLE ${table} ADD PRIMARY KEY (province_code, id)`,
    `CREATE INDEX ${table}_province_household_idx ON ${table} (province_code, household_id)`,
  ];
  for (const statement of statements) await tx.exec(statement);
  // One server: the composite key replaces the id-only one, and follows a household's move.
  if (!citus) {
    await tx.exec(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_household_id_fkey`);
    await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_household_fkey
      FOREIGN KEY (province_code, household_id) REFERENCES households (province_code, id)
      ON DELETE CASCADE ON UPDATE CASCADE`);
  }
}

import type { Tx } from '../database.js';
import type { Migration } from '../migration.js';
import { citusInstalled, foreignKeysOf } from './0900-province-keys.js';

/** The tables that point at one household and are read joined with it (docs/SCALE.md). */
const TABLES = ['policy_decisions', 'consent_records', 'legal_holds'] as const;

/**
 * Province keys on the tables that hang off a household (issue #19, docs/SCALE.md): policy decisions, consent
 * records and legal holds carry their household's `province_code`, in their primary key and in a composite
 * foreign key (province_code, household_id) into households, so their joins with households and persons can
 * fix the province. Existing rows take their household's province (every row has one: household_id is NOT
 * NULL and cascaded).
 *
 * With Citus installed the three are distributed by province_code co-located with households (a province's
 * decisions live in the shard of its households), so a household's page joins them on one worker. Citus cannot
 * keep a distributed table's foreign keys into coordinator tables (policy applications, cooperatives,
 * data-subject requests): those are dropped there, as 0900 dropped the id-only keys into the large tables.
 */
export const coordinatorProvinceKeysMigration: Migration = {
  name: '0910-coordinator-province-keys',
  up: async (tx) => {
    const citus = await citusInstalled(tx);
    if (citus) await tx.exec(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    for (const table of TABLES) await addProvinceKey(tx, table, citus);
    if (citus) await distribute(tx);
  },
};

async function addProvinceKey(tx: Tx, table: string, citus: boolean): Promise<void> {
  // The households are read once into a materialised CTE: on Citus a local table cannot be updated joined
  // with a distributed one directly, but with the CTE's result it can. Rows whose household was deleted after
  // 0900 on Citus (which could not cascade the delete) go as the cascade would have taken them.
  await tx.exec(`
ALTER TABLE ${table} ADD COLUMN province_code char(2);
WITH h AS MATERIALIZED (SELECT id, province_code FROM households)
UPDATE ${table} x SET province_code = h.province_code FROM h WHERE h.id = x.household_id;
DELETE FROM ${table} WHERE province_code IS NULL;
ALTER TABLE ${table} ALTER COLUMN province_code SET NOT NULL,
  DROP CONSTRAINT IF EXISTS ${table}_household_id_fkey,
  DROP CONSTRAINT ${table}_pkey,
  ADD PRIMARY KEY (province_code, id);
CREATE INDEX ${table}_province_household_idx ON ${table} (province_code, household_id);`);
  // One server follows a household's move (Citus cannot cascade a change of the distribution column: there the
  // key is added after distributing, below).
  if (!citus)
    await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_household_fkey FOREIGN KEY (province_code, household_id)
  REFERENCES households (province_code, id) ON DELETE CASCADE ON UPDATE CASCADE`);
}

/** Citus: the three join the households' co-location group; their keys into coordinator tables go. */
async function distribute(tx: Tx): Promise<void> {
  for (const fk of await foreignKeysOf(tx, TABLES))
    await tx.exec(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
  for (const table of TABLES) {
    await tx.exec(`SELECT create_distributed_table('${table}', 'province_code', colocate_with => 'households')`);
    await tx.exec(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_household_fkey FOREIGN KEY (province_code, household_id)
  REFERENCES households (province_code, id) ON DELETE CASCADE`);
  }
}

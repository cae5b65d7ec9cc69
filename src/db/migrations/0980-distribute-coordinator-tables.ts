import { sql } from 'kysely';
import type { Tx } from '../database.js';
import type { Migration } from '../migration.js';
import { citusInstalled } from './0900-province-keys.js';

/** The tables that hang off a household (0910), distributed with it on Citus. */
const TABLES = ['policy_decisions', 'consent_records', 'legal_holds'] as const;
/** Their small parents, copied to every worker on Citus so the decisions keep their keys into them. */
const REFERENCE = ['policies', 'policy_applications'] as const;
/** Tables that stay on the coordinator: Citus cannot hold a key from a distributed table into them. */
const COORDINATOR = ['cooperatives', 'data_subject_requests'];

/**
 * Policy decisions, consent records and legal holds take their ids from a sequence (a column default) instead
 * of an identity column. Numbering continues where the identity stood. Citus cannot drop the identity of a
 * table it already manages (policy decisions are a Citus "local" table: tied by foreign keys to reference
 * tables), so each table is rebuilt: a copy of its columns, rows, keys and indexes under the same names, on
 * every engine, so the schema and the upgrade path are one.
 *
 * With Citus installed (issue #19, docs/SCALE.md) the three are then distributed by `province_code`, co-located
 * with households, so their joins with households and persons stay on one shard; `policies` and
 * `policy_applications` become reference tables first (the decisions point at them). Citus cannot distribute a
 * table with an identity column it took in as local, which is why the identity goes. On Citus the keys into
 * `cooperatives` and `data_subject_requests` (coordinator tables) cannot stay and are not put back; the
 * composite key into households that 0910 could not declare there is declared now, without ON UPDATE CASCADE
 * (Citus cannot cascade a change of the distribution column).
 */
export const distributeCoordinatorTablesMigration: Migration = {
  name: '0980-distribute-coordinator-tables',
  up: async (tx) => {
    const citus = await citusInstalled(tx);
    if (citus) await tx.exec(`SET LOCAL citus.multi_shard_modify_mode TO 'sequential'`);
    const keys: ForeignKey[] = [];
    for (const table of TABLES) keys.push(...(await rebuildWithoutIdentity(tx, table)));
    if (!citus) {
      for (const key of keys)
        await tx.exec(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
      return;
    }
    for (const table of REFERENCE) await tx.exec(`SELECT create_reference_table('${table}')`);
    for (const table of TABLES) {
      await tx.exec(
        `SELECT create_distributed_table('${table}', 'province_code', colocate_with => 'households')`,
      );
    }
    const household = (table: string) => ({
      table,
      name: `${table}_household_fkey`,
      into: 'households',
      definition:
        'FOREIGN KEY (province_code, household_id) REFERENCES households(province_code, id) ON DELETE CASCADE',
    });
    const kept = keys.filter((k) => !COORDINATOR.includes(k.into));
    for (const key of [...kept.filter((k) => k.into !== 'households'), ...TABLES.map(household)]) {
      await tx.exec(`ALTER TABLE ${key.table} ADD CONSTRAINT ${key.name} ${key.definition}`);
    }
  },
};

interface ForeignKey {
  table: string;
  name: string;
  into: string;
  definition: string;
}

/**
 * Rebuilds `table` with the same columns (in order, with their defaults and checks), rows, primary key and
 * indexes, `id` filled by `nextval` of a sequence `TABLE_ids` (owned by the column) set where the identity stood: ids
 * already handed out are never handed out again. (Not the identity's own name, `TABLE_id_seq`: on Citus, creating
 * it in the transaction that dropped the old one deadlocks with the workers' copy of the old one.) Returns the
 * table's foreign keys, for the caller to put back (none points into these tables).
 */
async function rebuildWithoutIdentity(tx: Tx, table: string): Promise<ForeignKey[]> {
  const seq = (await rows<{ seq: string }>(tx, `SELECT pg_get_serial_sequence('${table}', 'id') AS seq`))[0]!
    .seq;
  const { last, called } = (
    await rows<{ last: string; called: boolean }>(
      tx,
      `SELECT last_value::text AS last, is_called AS called FROM ${seq}`,
    )
  )[0]!;
  const own = `FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() WHERE c.relname = '${table}'`;
  const keys = await rows<ForeignKey>(
    tx,
    `SELECT '${table}' AS "table", quote_ident(k.conname) AS name, k.confrelid::regclass::text AS "into",
            pg_get_constraintdef(k.oid) AS definition ${own} AND k.contype = 'f' ORDER BY k.conname`,
  );
  const unique = await rows<{ name: string; definition: string }>(
    tx,
    `SELECT quote_ident(k.conname) AS name, pg_get_constraintdef(k.oid) AS definition
     ${own} AND k.contype IN ('p', 'u') ORDER BY k.conname`,
  );
  const indexes = await rows<{ definition: string }>(
    tx,
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     WHERE c.relname = '${table}' AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
     ORDER BY i.indexrelid::regclass::text`,
  );
  const statements = [
    `CREATE TABLE ${table}_rebuilt (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE)`,
    `INSERT INTO ${table}_rebuilt SELECT * FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}_rebuilt RENAME TO ${table}`,
    `CREATE SEQUENCE ${table}_ids AS bigint OWNED BY ${table}.id`,
    `SELECT setval('${table}_ids', ${BigInt(last)}, ${called})`,
    `ALTER TABLE ${table} ALTER COLUMN id SET DEFAULT nextval('${table}_ids')`,
    ...unique.map((k) => `ALTER TABLE ${table} ADD CONSTRAINT ${k.name} ${k.definition}`),
    ...indexes.map((i) => i.definition),
  ];
  for (const statement of statements) await tx.exec(statement);
  return keys;
}

async function rows<R>(tx: Tx, text: string): Promise<R[]> {
  return (await sql<R>`${sql.raw(text)}`.execute(tx.db)).rows;
}

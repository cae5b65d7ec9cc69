import { sql, type Kysely } from 'kysely';
import type { Tx } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { SynthVillage } from '../synth/household.js';
import type { ProgramRule } from './targeting.js';

/** All SQL of the demo: reading regions and programs, finding and removing earlier demo data, reserving ids. */

export async function findProvince(
  db: Kysely<DB>,
  code: string,
): Promise<{ code: string; name: string } | undefined> {
  return db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', '=', code)
    .where('level', '=', 1)
    .executeTakeFirst();
}

/** Villages of a province in code order (so districts come one after another). */
export async function listVillages(db: Kysely<DB>, province: string): Promise<SynthVillage[]> {
  const rows = await db
    .selectFrom('regions')
    .select(['code', 'name', 'kind'])
    .where('level', '=', 4)
    .where('code', 'like', `${province}.%`)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    kind: r.kind === 'kelurahan' ? 'kelurahan' : r.kind === 'desa_adat' ? 'desa_adat' : 'desa',
  }));
}

export async function loadProgramRules(db: Kysely<DB>, codes: readonly string[]): Promise<ProgramRule[]> {
  const rows = await db
    .selectFrom('programs')
    .select(['code', 'unit', 'eligible_deciles', 'monthly_benefit'])
    .where('code', 'in', [...codes])
    .where('active', '=', true)
    .orderBy('code')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    unit: r.unit,
    eligibleDeciles: r.eligible_deciles.map(Number),
    monthlyBenefit: r.monthly_benefit,
  }));
}

/** Batches of earlier demo runs for a province that have not been reverted. */
export async function findDemoBatches(db: Kysely<DB>, province: string): Promise<number[]> {
  const rows = await db
    .selectFrom('source_batches')
    .select('id')
    .where('source', '=', 'demo')
    .where('reverted_at', 'is', null)
    .where(sql<string>`meta->>'province'`, '=', province)
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes every row of the given demo batches and marks the batches reverted. */
export async function removeDemoData(tx: Tx, batchIds: readonly number[], actor: string): Promise<void> {
  if (batchIds.length === 0) return;
  const ids = batchIds.map((id) => Number(id)).join(', ');
  await tx.exec(`
DELETE FROM demo_truth WHERE batch_id IN (${ids});
DELETE FROM program_enrolments WHERE batch_id IN (${ids});
DELETE FROM cooperative_members WHERE batch_id IN (${ids});
DELETE FROM cooperatives WHERE batch_id IN (${ids});
DELETE FROM household_snapshots WHERE batch_id IN (${ids});
DELETE FROM persons WHERE batch_id IN (${ids});
DELETE FROM households WHERE batch_id IN (${ids});`);
  await tx.db
    .updateTable('source_batches')
    .set({ reverted_at: new Date(), reverted_by: actor })
    .where('id', 'in', [...batchIds])
    .execute();
}

/** Tables whose ids the demo assigns itself (COPY writes given identity values). */
export const DEMO_ID_TABLES = [
  'households',
  'persons',
  'cooperatives',
  'cooperative_officers',
  'cooperative_members',
  'program_enrolments',
] as const;
export type DemoIdTable = (typeof DEMO_ID_TABLES)[number];

/**
 * Locks the tables against other writers for the rest of the transaction and returns the next free id of
 * each, so rows can reference each other before they are loaded.
 */
export async function reserveIds(tx: Tx): Promise<Record<DemoIdTable, number>> {
  await tx.exec(`LOCK TABLE ${DEMO_ID_TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
  const next = {} as Record<DemoIdTable, number>;
  for (const table of DEMO_ID_TABLES) {
    const { rows } = await sql<{
      id: number;
    }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int8 AS id`.execute(tx.db);
    next[table] = Number(rows[0]!.id);
  }
  return next;
}

/** Moves each identity sequence past the ids the demo used. */
export async function releaseIds(tx: Tx, lastUsed: Record<DemoIdTable, number>): Promise<void> {
  for (const table of DEMO_ID_TABLES) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), ${lastUsed[table]}::int8, true)`.execute(
      tx.db,
    );
  }
}

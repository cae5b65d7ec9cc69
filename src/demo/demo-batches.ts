import type { Tx } from '../db/database.js';
import type { DemoSummary } from './demo-summary.js';

/** Source batches of a demo run: one per logical source, all with source 'demo' and province/seed in meta. */
export interface DemoBatches {
  previous: number;
  dtsen: number;
  programs: Record<string, number>;
  cooperatives: number;
  members: number;
}

export async function createBatches(
  tx: Tx,
  run: { province: string; seed: string; households: number; actor: string; programs: string[] },
  dates: { snapshotDate: string; previousSnapshotDate: string; period: string },
): Promise<DemoBatches> {
  const insert = async (
    logical: string,
    extra: { program_code?: string; period?: string; snapshot_date?: string },
  ) => {
    const row = await tx.db
      .insertInto('source_batches')
      .values({
        source: 'demo',
        file_name: `demo/${run.province}/${logical}`,
        created_by: run.actor,
        meta: JSON.stringify({
          demo: true,
          logical_source: logical,
          province: run.province,
          seed: run.seed,
          households: run.households,
        }),
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const previous = await insert('dtsen', { snapshot_date: dates.previousSnapshotDate });
  const dtsen = await insert('dtsen', { snapshot_date: dates.snapshotDate });
  const programs: Record<string, number> = {};
  for (const code of run.programs)
    programs[code] = await insert(`bansos-${code.toLowerCase()}`, {
      program_code: code,
      period: dates.period,
    });
  const cooperatives = await insert('cooperatives', {});
  const members = await insert('members', {});
  return { previous, dtsen, programs, cooperatives, members };
}

export async function finishBatches(tx: Tx, batches: DemoBatches, summary: DemoSummary): Promise<void> {
  const set = async (id: number, rows: number) => {
    await tx.db
      .updateTable('source_batches')
      .set({ rows_total: rows, rows_accepted: rows })
      .where('id', '=', id)
      .execute();
  };
  await set(batches.previous, summary.households);
  await set(batches.dtsen, summary.households + summary.persons);
  for (const [code, id] of Object.entries(batches.programs)) await set(id, summary.programs[code]?.rows ?? 0);
  await set(batches.cooperatives, summary.cooperatives + summary.officers);
  await set(batches.members, summary.members);
}

/**
 * The demo's follow-up DTSEN snapshot (issue 17, "a known effect, recovered"): nine months after the baseline
 * (2026-10-31) every demo household of the province is measured again, except a random 6% lost to follow-up
 * (attrition, the same in both arms). On the PMT's latent welfare scale each household moves by a common trend
 * (+0.05) plus its own noise (sd 0.30); households of the demo pilot's population in TREATMENT clusters also
 * move by δ = effect × √(var(baseline welfare of the control arm's pilot households) + 0.30²), i.e. `effect`
 * standard deviations of the control group's follow-up welfare — an intention-to-treat effect of `effect` SD on `welfare_z` (default
 * 0.25; 0 plants none). Deciles are re-cut on the national cut-points, so the effect also moves households out of
 * deciles 1–2; how many (the realised effect on the share in deciles 1–2 among the treated) is returned as
 * ground truth, computed against each treated household's own counterfactual (same noise, no δ).
 *
 * A second call replaces the province's earlier follow-up. Only `household_snapshots` gets the new rows (batch source `demo`, logical source `dtsen-followup`); the
 * households' current decile stays the baseline, on which the demo's policy decisions were made.
 */
import { sql } from 'kysely';
import { encodeCopyRow, type Database } from '../db/database.js';
import { loadPilotPopulation } from '../pilots/evaluation/pilot-data-repository.js';
import { createRng } from '../shared/random.js';
import { POVERTY_LINE_RUPIAH, POVERTY_LINE_Z, welfareDecile } from '../synth/welfare.js';
import { findDemoBatches } from './demo-repository.js';

export const FOLLOWUP_DATE = '2026-10-31';
export const DEFAULT_PLANTED_EFFECT = 0.25;
const TREND = 0.05;
const NOISE = 0.3;
const ATTRITION = 0.06;

export interface DemoFollowUp {
  snapshot_date: string;
  batch_id: number;
  households: number;
  lost: number;
  planted: {
    /** Planted ITT on welfare_z, in SD of follow-up welfare. */
    welfare_sd: number;
    /** The same on the latent scale (δ) and on log expenditure (0.55·δ). */
    latent_delta: number;
    log_welfare_delta: number;
    /** Realised among followed-up treated pilot households: change in the share in deciles 1–2 and in mean decile. */
    decile_1_2: number;
    decile: number;
    treated_households: number;
  };
}

/** The latent welfare a PMT score was computed from (inverse of synth/welfare.ts proxyMeansTest's score). */
const latent = (score: number) => Math.log(score / POVERTY_LINE_RUPIAH) / 0.55 + POVERTY_LINE_Z;

export async function demoFollowUp(
  database: Database,
  options: { province: string; seed: string; pilotId: number; effect: number; actor: string },
): Promise<DemoFollowUp> {
  return database.transaction(async (tx) => {
    const population = await loadPilotPopulation(tx, options.pilotId);
    const treated = new Set(population.households.filter((h) => h.treated).map((h) => h.household));
    // A new follow-up replaces the province's earlier one (its rows go, its batch is marked reverted).
    const earlier = await tx.db
      .selectFrom('source_batches')
      .select('id')
      .where('source', '=', 'demo')
      .where('reverted_at', 'is', null)
      .where(sql<string>`meta->>'province'`, '=', options.province)
      .where(sql<string>`meta->>'logical_source'`, '=', 'dtsen-followup')
      .execute();
    if (earlier.length > 0) {
      const ids = earlier.map((b) => Number(b.id));
      await tx.db.deleteFrom('household_snapshots').where('batch_id', 'in', ids).execute();
      await tx.db
        .updateTable('source_batches')
        .set({ reverted_at: new Date(), reverted_by: options.actor })
        .where('id', 'in', ids)
        .execute();
    }
    const batches = await findDemoBatches(tx.db, options.province);
    const base = await sql<{
      province_code: string;
      household_id: number;
      snapshot_date: string;
      pmt_score: number;
      member_count: number;
      socio: unknown;
    }>`
      SELECT s.province_code, s.household_id, s.pmt_score, s.member_count, s.socio
      FROM household_snapshots s JOIN source_batches b ON b.id = s.batch_id
      WHERE s.batch_id = ANY(${batches}::bigint[]) AND b.meta->>'logical_source' = 'dtsen'
        AND s.snapshot_date = (SELECT max(s2.snapshot_date) FROM household_snapshots s2
                               WHERE s2.batch_id = ANY(${batches}::bigint[]) AND s2.snapshot_date < ${FOLLOWUP_DATE}::date)
        AND s.pmt_score > 0
      ORDER BY s.household_id`.execute(tx.db);
    // The SD is the control arm's (what welfare_z is standardised on): baseline spread plus the noise.
    const controlSet = new Set(population.households.filter((h) => !h.treated).map((h) => h.household));
    const pilotLatent = base.rows
      .filter((r) => controlSet.has(Number(r.household_id)))
      .map((r) => latent(Number(r.pmt_score)));
    const m = pilotLatent.reduce((s, v) => s + v, 0) / Math.max(1, pilotLatent.length);
    const variance = pilotLatent.reduce((s, v) => s + (v - m) ** 2, 0) / Math.max(1, pilotLatent.length - 1);
    const delta = options.effect * Math.sqrt(variance + NOISE ** 2);

    const batch = await tx.db
      .insertInto('source_batches')
      .values({
        source: 'demo',
        file_name: `demo/${options.province}/dtsen-followup`,
        created_by: options.actor,
        snapshot_date: FOLLOWUP_DATE,
        meta: JSON.stringify({
          demo: true,
          logical_source: 'dtsen-followup',
          province: options.province,
          seed: options.seed,
          pilot_id: options.pilotId,
          planted_effect_sd: options.effect,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rng = createRng(`entas-demo-followup/${options.province}/${options.seed}`);
    const lines: string[] = [];
    let lost = 0;
    let shift12 = 0;
    let shiftDecile = 0;
    let treatedFollowed = 0;
    for (const r of base.rows) {
      const id = Number(r.household_id);
      const h = rng.fork(id);
      if (h.chance(ATTRITION)) {
        lost++;
        continue;
      }
      const counterfactual = latent(Number(r.pmt_score)) + TREND + NOISE * h.normal();
      const isTreated = treated.has(id);
      const value = counterfactual + (isTreated ? delta : 0);
      const decile = welfareDecile(value);
      if (isTreated) {
        const d0 = welfareDecile(counterfactual);
        shift12 += (decile <= 2 ? 1 : 0) - (d0 <= 2 ? 1 : 0);
        shiftDecile += decile - d0;
        treatedFollowed++;
      }
      lines.push(
        encodeCopyRow([
          r.province_code,
          id,
          batch.id,
          FOLLOWUP_DATE,
          decile,
          Math.round(POVERTY_LINE_RUPIAH * Math.exp(0.55 * (value - POVERTY_LINE_Z))),
          Number(r.member_count),
          JSON.stringify(r.socio),
        ]),
      );
    }
    await tx.copyFrom(
      'household_snapshots',
      [
        'province_code',
        'household_id',
        'batch_id',
        'snapshot_date',
        'decile',
        'pmt_score',
        'member_count',
        'socio',
      ],
      lines,
    );
    await tx.db
      .updateTable('source_batches')
      .set({ rows_total: base.rows.length, rows_accepted: lines.length })
      .where('id', '=', batch.id)
      .execute();
    await tx.exec('ANALYZE household_snapshots');
    return {
      snapshot_date: FOLLOWUP_DATE,
      batch_id: Number(batch.id),
      households: lines.length,
      lost,
      planted: {
        welfare_sd: options.effect,
        latent_delta: delta,
        log_welfare_delta: 0.55 * delta,
        decile_1_2: treatedFollowed ? shift12 / treatedFollowed : 0,
        decile: treatedFollowed ? shiftDecile / treatedFollowed : 0,
        treated_households: treatedFollowed,
      },
    };
  });
}

/**
 * The stored data a pilot evaluation reads: the pilot population (households of the pilot's clusters whose
 * current decision under the pilot's policy has a member treatment — the households a wave identifies, in both
 * arms), their arm, stratum and wave start, and their DTSEN snapshots with cooperative membership on each
 * snapshot date. Arms come from the published randomisation, or for a non-randomised pilot from its published
 * matching (treated clusters and their matched comparisons; the other clusters are left out); a non-randomised
 * pilot without a matching falls back to: treated clusters are those with enrolments, all others comparisons.
 */
import { sql } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { PilotHousehold, PilotObservation } from '../../evaluation/pilot-impact.js';
import { NotFoundError, say, UserError } from '../../shared/errors.js';

type Reader = Pick<Tx, 'db'>;

export interface PilotPopulation {
  pilot: { id: number; name: string; region_code: string; design: string; policy_row_id: number | null };
  waves: { wave_no: number; starts_on: string }[];
  clusters: number;
  households: PilotHousehold[];
  /** Snapshot dates of the population's households, ascending, with the households observed on each. */
  dates: { date: string; households: number }[];
}

export async function loadPilotPopulation(tx: Reader, pilotId: number): Promise<PilotPopulation> {
  const pilot = await tx.db
    .selectFrom('pilots')
    .select(['id', 'name', 'region_code', 'design', 'policy_row_id', 'member_treatments', 'cluster_kind'])
    .where('id', '=', pilotId)
    .executeTakeFirst();
  if (!pilot)
    throw new NotFoundError(say(`pilot ${pilotId} not found`, `uji coba ${pilotId} tidak ditemukan`));
  const waves = await tx.db
    .selectFrom('pilot_waves')
    .select(['wave_no', 'starts_on'])
    .where('pilot_id', '=', pilotId)
    .orderBy('wave_no')
    .execute();
  const published = await tx.db
    .selectFrom('pilot_randomizations')
    .select('id')
    .where('pilot_id', '=', pilotId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  const clusters =
    pilot.design === 'non_randomized' && !published
      ? await sql<{
          id: number;
          cluster_key: string;
          village_code: string;
          stratum: string;
          arm: string;
          wave_no: number | null;
        }>`
          SELECT c.id, c.cluster_key, c.village_code, c.stratum,
                 CASE WHEN e.wave_no IS NULL THEN 'control' ELSE 'treatment' END AS arm, e.wave_no
          FROM pilot_clusters c
          LEFT JOIN (SELECT cluster_id, min(wave_no) AS wave_no FROM pilot_enrolments
                     WHERE pilot_id = ${pilotId} GROUP BY cluster_id) e ON e.cluster_id = c.id
          WHERE c.pilot_id = ${pilotId}
          ORDER BY c.cluster_key`
          .execute(tx.db)
          .then((r) => r.rows)
      : await sql<{
          id: number;
          cluster_key: string;
          village_code: string;
          stratum: string;
          arm: string;
          wave_no: number | null;
        }>`
          SELECT c.id, c.cluster_key, c.village_code, c.stratum, a.arm, a.wave_no
          FROM pilot_randomizations r
          JOIN pilot_assignments a ON a.randomization_id = r.id
          JOIN pilot_clusters c ON c.id = a.cluster_id
          WHERE r.pilot_id = ${pilotId} AND r.status = 'published'
          ORDER BY c.cluster_key`
          .execute(tx.db)
          .then((r) => r.rows);
  if (clusters.length === 0)
    throw new UserError(
      say(
        `pilot ${pilotId} has no published assignment to evaluate`,
        `uji coba ${pilotId} belum memiliki penetapan terbit untuk dievaluasi`,
      ),
      'not_published',
    );
  const waveStart = new Map(waves.map((w) => [w.wave_no, w.starts_on]));
  const byCluster = new Map(clusters.map((c) => [Number(c.id), c]));
  // The population: households the pilot policy's current decisions give a member treatment, in their cluster —
  // a village cluster holds the households living there, a cooperative cluster those the decision assigns to it.
  const population = await sql<{ household_id: number; cluster_id: number }>`
    SELECT h.id AS household_id, c.id AS cluster_id
    FROM pilot_clusters c
    JOIN households h ON h.village_code = c.village_code
    JOIN LATERAL (
      SELECT d.treatment
      FROM policy_decisions d JOIN policy_applications pa ON pa.id = d.application_id
      WHERE d.province_code = h.province_code AND d.household_id = h.id AND d.superseded_by IS NULL
        AND pa.policy_row_id = ${pilot.policy_row_id}
      ORDER BY d.id DESC LIMIT 1
    ) d ON true
    WHERE c.pilot_id = ${pilotId} AND ${pilot.cluster_kind} = 'village'
      AND d.treatment = ANY(${pilot.member_treatments}::text[])
    UNION ALL
    SELECT d.household_id, c.id AS cluster_id
    FROM pilot_clusters c
    JOIN policy_decisions d ON d.cooperative_id = c.cooperative_id AND d.superseded_by IS NULL
    JOIN policy_applications pa ON pa.id = d.application_id AND pa.policy_row_id = ${pilot.policy_row_id}
    WHERE c.pilot_id = ${pilotId} AND ${pilot.cluster_kind} = 'cooperative'
      AND d.treatment = ANY(${pilot.member_treatments}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM policy_decisions later JOIN policy_applications lpa ON lpa.id = later.application_id
        WHERE later.province_code = d.province_code AND later.household_id = d.household_id
          AND later.superseded_by IS NULL
          AND lpa.policy_row_id = ${pilot.policy_row_id} AND later.id > d.id)
    ORDER BY household_id`.execute(tx.db);
  const households: PilotHousehold[] = population.rows
    .filter((r) => byCluster.has(Number(r.cluster_id)))
    .map((r) => {
      const c = byCluster.get(Number(r.cluster_id))!;
      const treated = c.arm === 'treatment';
      return {
        household: Number(r.household_id),
        cluster: c.cluster_key,
        stratum: c.stratum,
        treated,
        treatedFrom: treated ? (waveStart.get(c.wave_no ?? 1) ?? null) : null,
      };
    });
  const dates = await sql<{ snapshot_date: string; households: number }>`
    SELECT s.snapshot_date::text AS snapshot_date, count(DISTINCT s.household_id)::int AS households
    FROM household_snapshots s
    WHERE s.household_id IN (
      SELECT h.id FROM pilot_clusters c JOIN households h ON h.village_code = c.village_code
      WHERE c.pilot_id = ${pilotId} AND ${pilot.cluster_kind} = 'village')
      OR s.household_id = ANY(${population.rows.map((r) => Number(r.household_id))}::bigint[])
    GROUP BY s.snapshot_date ORDER BY s.snapshot_date`.execute(tx.db);
  return {
    pilot: {
      id: Number(pilot.id),
      name: pilot.name,
      region_code: pilot.region_code,
      design: pilot.design,
      policy_row_id: pilot.policy_row_id === null ? null : Number(pilot.policy_row_id),
    },
    waves: waves.map((w) => ({ wave_no: w.wave_no, starts_on: w.starts_on })),
    clusters: clusters.length,
    households,
    dates: dates.rows.map((d) => ({ date: d.snapshot_date, households: Number(d.households) })),
  };
}

/**
 * The population's snapshots on the given dates (the newest batch when a date has several) and whether a
 * person of the household is a cooperative member on that date (joined on or before it, not left by then).
 */
export async function loadPilotObservations(
  tx: Reader,
  households: readonly number[],
  dates: readonly string[],
): Promise<PilotObservation[]> {
  if (households.length === 0 || dates.length === 0) return [];
  const rows = await sql<{
    household_id: number;
    snapshot_date: string;
    pmt_score: number | null;
    decile: number | null;
    member: boolean;
  }>`
    WITH s AS (
      SELECT DISTINCT ON (s.household_id, s.snapshot_date)
             s.household_id, s.snapshot_date, s.pmt_score, s.decile
      FROM household_snapshots s
      WHERE s.household_id = ANY(${households}::bigint[])
        AND s.snapshot_date = ANY(${dates}::date[])
      ORDER BY s.household_id, s.snapshot_date, s.batch_id DESC
    )
    SELECT s.household_id, s.snapshot_date::text AS snapshot_date, s.pmt_score, s.decile,
           EXISTS (
             SELECT 1 FROM persons p JOIN cooperative_members m ON m.person_id = p.id
             WHERE p.household_id = s.household_id
               AND (m.joined_on IS NULL OR m.joined_on <= s.snapshot_date)
               AND (m.left_on IS NULL OR m.left_on > s.snapshot_date)
               AND NOT (m.status = 'left' AND m.left_on IS NULL)
           ) AS member
    FROM s ORDER BY s.household_id, s.snapshot_date`.execute(tx.db);
  return rows.rows.map((r) => ({
    household: Number(r.household_id),
    date: r.snapshot_date,
    pmtScore: r.pmt_score === null ? null : Number(r.pmt_score),
    decile: r.decile === null ? null : Number(r.decile),
    member: r.member,
  }));
}

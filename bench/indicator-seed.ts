import type { Database } from '../src/db/database.js';

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

/**
 * The indicator benchmarks' world: N households over the villages of eight provinces (two DTSEN snapshots each, a
 * head of household), six monthly PKH lists and four BPNT lists for deciles 1–5 with churn, and cooperative members
 * in every tenth village (generate_series, ANALYZE).
 */
export async function seedIndicatorBench(
  database: Database,
  households: number,
  log: (message: string) => void,
): Promise<void> {
  const started = performance.now();
  await database.exec(`
    CREATE TEMP TABLE bench_villages AS
      SELECT (row_number() OVER (ORDER BY code))::int AS n, code FROM regions
      WHERE level = 4 AND left(code, 2) IN ('11','32','33','35','52','53','73','94');
    INSERT INTO source_batches (source, file_name, snapshot_date) VALUES
      ('dtsen', 'bench-2025-08', DATE '2025-08-31'), ('dtsen', 'bench-2026-02', DATE '2026-02-28'),
      ('members', 'bench-members', DATE '2026-03-31');
    INSERT INTO households (province_code, kk, village_code, decile, snapshot_date, socio, batch_id)
      SELECT left(v.code, 2), lpad(g::text, 16, '0'), v.code, 1 + (g * 7919) % 10, DATE '2026-02-28',
             jsonb_build_object('miskin_ekstrem', (g % 17 = 0)), 2
      FROM generate_series(1::bigint, ${households}::bigint) AS g
      JOIN bench_villages v ON v.n = 1 + (g * 2654435761) % (SELECT count(*) FROM bench_villages);
    INSERT INTO household_snapshots (province_code, household_id, batch_id, snapshot_date, decile, socio)
      SELECT province_code, id, 1, DATE '2025-08-31', greatest(1, decile - (id % 3)::int), socio FROM households;
    INSERT INTO household_snapshots (province_code, household_id, batch_id, snapshot_date, decile, socio)
      SELECT province_code, id, 2, DATE '2026-02-28', decile, socio FROM households;
    INSERT INTO persons (province_code, household_id, name, name_normalized, sex, relation, batch_id)
      SELECT province_code, id, 'Kepala ' || id, 'KEPALA ' || id, CASE WHEN id % 3 = 0 THEN 'P' ELSE 'L' END, 1, 2 FROM households;
    INSERT INTO program_enrolments (province_code, program_code, period, name, name_normalized, village_code, household_id)
      SELECT h.province_code, 'PKH', m.period, 'X', 'X', h.village_code, h.id
      FROM households h CROSS JOIN (VALUES ('2026-01'), ('2026-02'), ('2026-03'), ('2026-04'), ('2026-05'), ('2026-06')) m(period)
      WHERE h.decile <= 4 AND (h.id + ascii(right(m.period, 1))) % 7 <> 0;
    INSERT INTO program_enrolments (province_code, program_code, period, name, name_normalized, village_code, household_id)
      SELECT h.province_code, 'BPNT', m.period, 'X', 'X', h.village_code, h.id
      FROM households h CROSS JOIN (VALUES ('2026-03'), ('2026-04'), ('2026-05'), ('2026-06')) m(period)
      WHERE h.decile <= 5 AND h.id % 5 <> 0;
    INSERT INTO cooperatives (registration_no, name, village_code, kind)
      SELECT 'REG-' || code, 'Kopdes ' || code, code, 'desa' FROM bench_villages WHERE n % 10 = 0;
    INSERT INTO cooperative_members (cooperative_id, name, name_normalized, joined_on, left_on, savings_paid, person_id, batch_id)
      SELECT c.id, 'Anggota', 'ANGGOTA', DATE '2026-01-01' + (p.id % 150)::int,
             CASE WHEN p.id % 11 = 0 THEN DATE '2026-06-01' END, 10000 * (p.id % 20), p.id, 3
      FROM persons p JOIN households h ON h.id = p.household_id
      JOIN cooperatives c ON c.village_code = h.village_code
      WHERE h.id % 3 = 0;
    ANALYZE;`);
  log(`seeded ${households} households in ${seconds(started)} s`);
}

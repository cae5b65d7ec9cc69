/**
 * Synthetic national data for bench:policy, generated set-based inside PostgreSQL (generate_series and a hash
 * of the row number, no round trips) straight into the real tables. Distributions follow DTSEN/BPS figures
 * loosely: households spread over every Kemendagri village with poverty clustered by village, sizes 1–9
 * (mean ≈ 3.8), heads mostly men aged 20–80 with spouse, children, grandchildren and parents, 2–5%
 * disability, occupations and education by age, ~0.5% without a decile, extreme-poor flags in decile 1,
 * PKH/BPNT/PBI-JK by decile with inclusion and exclusion errors (5% linked by NIK only, some never), an older
 * PKH period, Kopdes in ~80% of villages in every status, and members (heads) by person id or by NIK only,
 * some of whom left before as_of. Secondary indexes and foreign-key triggers are off while loading and the
 * indexes are rebuilt afterwards, as a bulk load would do.
 */
import { sql } from 'kysely';
import type { Database } from '../src/db/database.js';

/** Uniform [0, 1) from (row, salt): deterministic, so every run builds the same data. */
const HASH_FUNCTION = `
CREATE OR REPLACE FUNCTION pg_temp.r(n bigint, salt int) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT (hashint8(n * 1000003 + salt) & 2147483647)::double precision / 2147483648 $$;`;

const TABLES = ['households', 'persons', 'program_enrolments', 'cooperatives', 'cooperative_members'];

export interface GeneratedCounts {
  households: number;
  persons: number;
  enrolments: number;
  cooperatives: number;
  members: number;
}

export async function generatePolicyData(
  database: Database,
  households: number,
  log: (message: string) => void,
): Promise<GeneratedCounts> {
  const n = Math.floor(households);
  await database.transaction(async (tx) => {
    // The bench owns this database: skip FK triggers and rebuild secondary indexes once at the end.
    await tx.exec(`SET LOCAL session_replication_role = replica; SET LOCAL jit = off; SET LOCAL work_mem = '256MB';
      SET LOCAL maintenance_work_mem = '512MB'; ${HASH_FUNCTION}`);
    const defs = (
      await sql<{ indexname: string; indexdef: string }>`
        SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename = ANY(${TABLES}::text[]) AND indexname NOT LIKE '%_pkey'`.execute(
        tx.db,
      )
    ).rows;
    // Unique indexes keep their constraint role; they are small here (cooperatives).
    const dropped = defs.filter((d) => !/UNIQUE/.test(d.indexdef));
    for (const d of dropped) await tx.exec(`DROP INDEX ${d.indexname}`);
    const step = async (label: string, sqlText: string) => {
      const started = performance.now();
      await tx.exec(sqlText);
      log(`  ${label}: ${Math.round(performance.now() - started) / 1000} s`);
    };
    await step(
      'villages',
      `CREATE TEMP TABLE bench_v ON COMMIT DROP AS
         SELECT (row_number() OVER (ORDER BY code))::int - 1 AS i, code,
                pg_temp.r(hashtext(code), 99) AS poverty
         FROM regions WHERE level = 4;
       CREATE UNIQUE INDEX ON bench_v (i);`,
    );
    await step(
      'households',
      `INSERT INTO households (id, province_code, kk, village_code, decile, pmt_score, snapshot_date, socio)
       OVERRIDING SYSTEM VALUE
       SELECT g, left(v.code, 2), lpad(g::text, 16, '0'), v.code, d.decile,
              CASE WHEN d.decile IS NULL THEN NULL ELSE round((d.decile + pg_temp.r(g, 3))::numeric, 3)::float8 END,
              DATE '2026-03-31',
              CASE WHEN d.decile = 1 AND pg_temp.r(g, 4) < 0.15 THEN '{"miskin_ekstrem": true, "jenis_lantai": "tanah"}'::jsonb
                   WHEN pg_temp.r(g, 4) < 0.75 THEN '{"miskin_ekstrem": false, "jenis_lantai": "keramik"}'::jsonb
                   ELSE '{}'::jsonb END
       FROM generate_series(1, ${n}) g
       JOIN bench_v v ON v.i = floor(pg_temp.r(g, 1) * (SELECT count(*) FROM bench_v))::int
       CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.r(g, 2) < 0.005 THEN NULL
              ELSE least(10, 1 + floor(10 * power(pg_temp.r(g, 5), 0.5 + 1.5 * v.poverty)))::smallint END AS decile) d;
       SELECT setval(pg_get_serial_sequence('households', 'id'), ${n + 1});`,
    );
    await step(
      'persons',
      `INSERT INTO persons (id, province_code, household_id, nik, name, name_normalized, sex, birth_date, relation,
                            disability, occupation, education) OVERRIDING SYSTEM VALUE
       SELECT h.id * 10 + m.k, h.province_code, h.id, substr(h.kk, 1, 6) || lpad((h.id * 10 + m.k)::text, 10, '0'), 'Warga', 'warga',
              m.sex, DATE '2026-06-30' - (m.age * 365.25 + pg_temp.r(h.id * 10 + m.k, 7) * 364)::int, m.relation,
              pg_temp.r(h.id * 10 + m.k, 8) < CASE WHEN m.age >= 60 THEN 0.06 ELSE 0.02 END,
              CASE WHEN m.age < 15 THEN NULL
                   ELSE (ARRAY['petani','buruh tani','nelayan','pedagang','wiraswasta','karyawan swasta',
                               'buruh harian lepas','mengurus rumah tangga','tidak bekerja','pelajar/mahasiswa'])
                        [1 + floor(pg_temp.r(h.id * 10 + m.k, 9) * 10)::int] END,
              CASE WHEN m.age < 7 THEN NULL
                   ELSE (ARRAY['tidak/belum sekolah','SD','SD','SMP','SMP','SMA','SMA','D3','S1','S2'])
                        [1 + floor(pg_temp.r(h.id * 10 + m.k, 10) * least(10, m.age))::int] END
       FROM households h
       CROSS JOIN LATERAL (
         SELECT pg_temp.r(h.id, 11) AS u, 20 + floor(60 * power(pg_temp.r(h.id, 12), 1.3))::int AS head_age,
                pg_temp.r(h.id, 13) < 0.85 AS male_head) s
       CROSS JOIN LATERAL (
         SELECT CASE WHEN s.u < 0.08 THEN 1 WHEN s.u < 0.25 THEN 2 WHEN s.u < 0.46 THEN 3 WHEN s.u < 0.68 THEN 4
                     WHEN s.u < 0.84 THEN 5 WHEN s.u < 0.93 THEN 6 WHEN s.u < 0.97 THEN 7 WHEN s.u < 0.99 THEN 8
                     ELSE 9 END AS size) z
       CROSS JOIN LATERAL (
         SELECT k, rel AS relation,
                CASE WHEN rel = 1 THEN CASE WHEN s.male_head THEN 'L' ELSE 'P' END
                     WHEN rel = 2 THEN 'L' WHEN rel = 3 THEN 'P'
                     WHEN pg_temp.r(h.id * 10 + k, 14) < 0.5 THEN 'L' ELSE 'P' END AS sex,
                CASE rel WHEN 1 THEN s.head_age
                         WHEN 2 THEN greatest(17, s.head_age + 3 - floor(pg_temp.r(h.id * 10 + k, 15) * 6)::int)
                         WHEN 3 THEN greatest(17, s.head_age - 3 - floor(pg_temp.r(h.id * 10 + k, 15) * 6)::int)
                         WHEN 7 THEN least(99, s.head_age + 20 + floor(pg_temp.r(h.id * 10 + k, 15) * 10)::int)
                         WHEN 6 THEN floor(pg_temp.r(h.id * 10 + k, 15) * 10)::int
                         ELSE floor(pg_temp.r(h.id * 10 + k, 15) * greatest(1, least(30, s.head_age - 17)))::int END AS age
         FROM generate_series(1, z.size) k
         CROSS JOIN LATERAL (SELECT CASE
                WHEN k = 1 THEN 1
                WHEN k = 2 AND pg_temp.r(h.id, 16) < 0.85 THEN CASE WHEN s.male_head THEN 3 ELSE 2 END
                WHEN k = z.size AND k > 2 AND pg_temp.r(h.id, 17) < 0.15 THEN 7
                WHEN k > 3 AND pg_temp.r(h.id * 10 + k, 18) < 0.08 THEN 6
                ELSE 4 END AS rel) x) m;
       SELECT setval(pg_get_serial_sequence('persons', 'id'), ${n * 10 + 10});`,
    );
    await step(
      'enrolments',
      `INSERT INTO program_enrolments (province_code, program_code, period, household_id, nik, name, name_normalized,
                                       village_code, amount)
       SELECT h.province_code, p.code, '2026-06',
              CASE WHEN pg_temp.r(h.id, 40 + p.salt) < 0.05 THEN NULL ELSE h.id END,
              CASE WHEN pg_temp.r(h.id, 40 + p.salt) >= 0.05 THEN substr(h.kk, 1, 6) || lpad((h.id * 10 + 1)::text, 10, '0')
                   WHEN pg_temp.r(h.id, 50 + p.salt) < 0.8 THEN substr(h.kk, 1, 6) || lpad((h.id * 10 + 1)::text, 10, '0')
                   ELSE '9999' || lpad(h.id::text, 12, '0') END,
              'Penerima', 'penerima', h.village_code, p.amount
       FROM households h
       CROSS JOIN (VALUES ('PKH', 1, 4, 0.7, 250000), ('BPNT', 2, 5, 0.6, 200000), ('PBI-JK', 3, 5, 0.8, 42000))
         AS p(code, salt, max_decile, rate, amount)
       WHERE CASE WHEN h.decile <= p.max_decile THEN pg_temp.r(h.id, 30 + p.salt) < p.rate
                  ELSE pg_temp.r(h.id, 30 + p.salt) < 0.04 END;
       INSERT INTO program_enrolments (province_code, program_code, period, household_id, name, name_normalized, amount)
       SELECT h.province_code, 'PKH', '2026-03', h.id, 'Penerima', 'penerima', 250000
       FROM households h WHERE pg_temp.r(h.id, 60) < 0.05;`,
    );
    await step(
      'cooperatives',
      `INSERT INTO cooperatives (registration_no, name, village_code, kind, status, member_capacity)
       SELECT 'BENCH-' || v.i, 'Kopdes Merah Putih ' || v.code, v.code,
              CASE WHEN substr(v.code, 10, 1) = '1' THEN 'kelurahan' ELSE 'desa' END,
              CASE WHEN s.u < 0.5 THEN 'operating' WHEN s.u < 0.8 THEN 'registered' WHEN s.u < 0.95 THEN 'forming'
                   ELSE 'inactive' END,
              CASE WHEN pg_temp.r(v.i, 42) < 0.9 THEN 20 + floor(pg_temp.r(v.i, 43) * 200)::int END
       FROM bench_v v CROSS JOIN LATERAL (SELECT pg_temp.r(v.i, 44) AS u) s
       WHERE pg_temp.r(v.i, 41) < 0.8;`,
    );
    await step(
      'members',
      `INSERT INTO cooperative_members (cooperative_id, person_id, nik, name, name_normalized, joined_on, left_on)
       SELECT c.id, CASE WHEN pg_temp.r(h.id, 71) < 0.9 THEN h.id * 10 + 1 END,
              substr(h.kk, 1, 6) || lpad((h.id * 10 + 1)::text, 10, '0'), 'Anggota', 'anggota', DATE '2025-10-01',
              CASE WHEN pg_temp.r(h.id, 72) < 0.05 THEN DATE '2026-01-31' END
       FROM households h JOIN cooperatives c ON c.village_code = h.village_code AND c.status <> 'inactive'
       WHERE pg_temp.r(h.id, 70) < 0.08;`,
    );
    await step('indexes', dropped.map((d) => `${d.indexdef};`).join('\n'));
  });
  const started = performance.now();
  await database.exec(`ANALYZE households, persons, program_enrolments, cooperatives, cooperative_members`);
  log(`  analyze: ${Math.round(performance.now() - started) / 1000} s`);
  const counts = await database.db
    .selectNoFrom((eb) => [
      eb.selectFrom('households').select(eb.fn.countAll<number>().as('n')).as('households'),
      eb.selectFrom('persons').select(eb.fn.countAll<number>().as('n')).as('persons'),
      eb.selectFrom('program_enrolments').select(eb.fn.countAll<number>().as('n')).as('enrolments'),
      eb.selectFrom('cooperatives').select(eb.fn.countAll<number>().as('n')).as('cooperatives'),
      eb.selectFrom('cooperative_members').select(eb.fn.countAll<number>().as('n')).as('members'),
    ])
    .executeTakeFirstOrThrow();
  return {
    households: Number(counts.households),
    persons: Number(counts.persons),
    enrolments: Number(counts.enrolments),
    cooperatives: Number(counts.cooperatives),
    members: Number(counts.members),
  };
}

/**
 * npm run bench:policy — the default policy over HOUSEHOLDS households (default 5,000,000) on PostgreSQL.
 *
 * Creates a fresh database (dropped at the end), generates households, persons, enrolments, cooperatives and
 * members with SQL generate_series straight into the real tables, then measures in one run:
 *   1. entas simulate (stream contexts → compiled rules → aggregates) and the hand-written SQL CASE that
 *      computes the same treatments with GROUP BY (reference); checks the counts are identical;
 *   2. entas apply (decisions with rule, inputs and cooperative, COPY, supersede) and the hand-written
 *      INSERT … SELECT CASE that stores the same decisions (reference);
 *   3. in-process rule evaluation rate (households/s on one core) for the fast closures and for cel-js.
 * Ratios = entas time / reference time (goal ≤ 1.5). Prints JSON as the last line.
 *
 * Environment: HOUSEHOLDS, BENCH_DATABASE_URL (server URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import fs from 'node:fs';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { applyPolicy } from '../src/policy/policy-apply-service.js';
import { compilePolicy } from '../src/policy/policy-compiler.js';
import { buildHouseholdContext, type HouseholdData } from '../src/policy/household-context.js';
import { decide } from '../src/policy/policy-evaluator.js';
import { simulatePolicy } from '../src/policy/policy-simulation-service.js';

const N = Number(process.env.HOUSEHOLDS ?? 5_000_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `entas_bench_policy_${process.pid}`;
const AS_OF = '2026-07-01';

const log = (message: string) => process.stderr.write(`[bench:policy] ${message}\n`);
const seconds = (ms: number) => Math.round(ms) / 1000;

async function timed<T>(label: string, work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  log(`${label}: ${seconds(ms)} s`);
  return { ms, value };
}

function urlFor(name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}

/** Households with 1–5 members (ages spread 0–90), deciles 1–10 (1% unknown), PKH/BPNT for ~35%, Kopdes in half the villages. */
const GENERATE = `
CREATE TEMP TABLE v AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM regions WHERE level = 4;
INSERT INTO households (village_code, decile, pmt_score, snapshot_date)
SELECT v.code, CASE WHEN g % 100 = 0 THEN NULL ELSE 1 + (hashint4((g)::int) & 1023) % 10 END, ((hashint4((g * 7)::int) & 1023) / 256.0), DATE '2026-03-31'
FROM generate_series(1, ${N}) g JOIN v ON v.i = (hashint4((g * 13)::int) & 2147483647) % 20000;
INSERT INTO persons (household_id, nik, name, name_normalized, sex, birth_date, relation, disability)
SELECT h.id, lpad((h.id * 10 + k)::text, 16, '0'), 'Warga', 'warga',
       CASE WHEN (hashint4((h.id * 31 + k)::int) & 1) = 0 THEN 'L' ELSE 'P' END,
       DATE '2026-06-30' - (((hashint4((h.id * 17 + k)::int) & 2147483647) % (CASE WHEN k = 1 THEN 70 * 365 ELSE 90 * 365 END)) + CASE WHEN k = 1 THEN 18 * 365 ELSE 0 END)::int,
       CASE WHEN k = 1 THEN 1 WHEN k = 2 THEN 2 ELSE 4 END,
       (hashint4((h.id * 101 + k)::int) & 1023) < 30
FROM households h CROSS JOIN LATERAL generate_series(1, 1 + (hashint4((h.id * 3)::int) & 2147483647) % 5) k;
INSERT INTO program_enrolments (program_code, period, household_id, nik, name, name_normalized, amount)
SELECT CASE WHEN h.id % 2 = 0 THEN 'PKH' ELSE 'BPNT' END, '2026-06', h.id, NULL, 'Penerima', 'penerima', 200000
FROM households h WHERE (hashint4((h.id * 5)::int) & 1023) < 360;
INSERT INTO cooperatives (registration_no, name, village_code, kind, status, member_capacity)
SELECT 'BENCH-' || v.i, 'Kopdes ' || v.code, v.code, CASE WHEN substr(v.code, 10, 1) = '1' THEN 'kelurahan' ELSE 'desa' END,
       'operating', 300
FROM v WHERE v.i < 20000 AND v.i % 2 = 0;
INSERT INTO cooperative_members (cooperative_id, person_id, name, name_normalized, joined_on)
SELECT c.id, p.id, 'Anggota', 'anggota', DATE '2026-01-15'
FROM persons p JOIN households h ON h.id = p.household_id JOIN cooperatives c ON c.village_code = h.village_code
WHERE p.relation = 1 AND (hashint4((h.id * 11)::int) & 1023) < 40;
ANALYZE;
`;

/** The default policy written by hand as one SQL CASE (same cut-offs as policies/default.yaml). */
const REFERENCE_FEATURES = `
  SELECT h.id, h.decile, h.village_code,
    (SELECT count(*) FROM persons p WHERE p.household_id = h.id
        AND date_part('year', age(DATE '${AS_OF}', p.birth_date)) BETWEEN 15 AND 64) AS productive,
    (SELECT p.disability FROM persons p WHERE p.household_id = h.id AND p.relation = 1 ORDER BY p.id LIMIT 1) AS head_disabled,
    EXISTS (SELECT 1 FROM program_enrolments e WHERE e.household_id = h.id AND e.period = '2026-06'
              AND e.program_code IN ('PKH', 'BPNT')) AS on_assistance
  FROM households h`;
const REFERENCE_CASE = `
  CASE
    WHEN f.productive < 1 AND f.decile <= 5 THEN 'PERLINDUNGAN'
    WHEN f.head_disabled AND f.decile <= 5 THEN 'PERLINDUNGAN'
    WHEN f.decile <= 2 AND f.productive >= 1 THEN 'ANGGOTA_MODAL_PENDAMPINGAN'
    WHEN f.decile <= 5 THEN 'ANGGOTA_SIMPANAN'
    WHEN f.decile >= 6 AND f.on_assistance THEN 'TINJAU_GRADUASI'
    ELSE 'TIDAK_SASARAN'
  END`;

function syntheticHouseholds(count: number): HouseholdData[] {
  const out: HouseholdData[] = [];
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < count; i++) {
    const size = 1 + (next() % 5);
    const members = Array.from({ length: size }, (_, k) => {
      const age = k === 0 ? 18 + (next() % 70) : next() % 90;
      return {
        birthDate: `${2026 - age - 1}-${String(1 + (next() % 12)).padStart(2, '0')}-15`,
        sex: next() % 2 ? ('L' as const) : ('P' as const),
        relation: k === 0 ? 1 : k === 1 ? 2 : 4,
        disability: next() % 1000 < 30,
        occupation: null,
        education: null,
      };
    });
    out.push({
      id: i + 1,
      villageCode: '53.01.05.2003',
      villageKind: 'desa',
      decile: i % 100 === 0 ? null : 1 + (next() % 10),
      pmtScore: null,
      extremePoor: null,
      members,
      programs: next() % 100 < 35 ? ['PKH'] : [],
      isCoopMember: false,
      cooperative: null,
      village: null,
    });
  }
  return out;
}

async function main(): Promise<void> {
  const text = fs.readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8');
  const policy = compilePolicy(text).policy;
  if (!policy) throw new Error('the default policy does not compile');

  // In-process rule evaluation (no database): one core.
  const sample = syntheticHouseholds(Math.min(N, 1_000_000));
  const contexts = sample.map((h) => buildHouseholdContext(h, AS_OF));
  const buildStarted = performance.now();
  for (const h of sample) buildHouseholdContext(h, AS_OF);
  const buildRate = sample.length / ((performance.now() - buildStarted) / 1000);
  let matched = 0;
  let fastRate = 0;
  for (let pass = 0; pass < 3; pass++) {
    // Best of three passes over the same contexts (the first also warms the JIT).
    const evalStarted = performance.now();
    matched = 0;
    for (const c of contexts) if (decide(policy, c).ruleIndex >= 0) matched++;
    fastRate = Math.max(fastRate, contexts.length / ((performance.now() - evalStarted) / 1000));
  }
  const refSample = contexts.slice(0, 100_000);
  const refStarted = performance.now();
  for (const c of refSample) decide(policy, c, 'reference');
  const referenceRate = refSample.length / ((performance.now() - refStarted) / 1000);
  log(
    `in-process: ${Math.round(fastRate).toLocaleString('en')} households/s (fast), ${Math.round(referenceRate).toLocaleString('en')} (cel-js), context build ${Math.round(buildRate).toLocaleString('en')}/s; ${matched} matched a rule`,
  );

  await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin(`CREATE DATABASE ${dbName}`);
  const database = openPostgresDatabase(urlFor(dbName), { max: 2 });
  try {
    await migrate(database);
    const gen = await timed(`generate ${N.toLocaleString('en')} households`, () => database.exec(GENERATE));
    const counts = await database.db
      .selectNoFrom((eb) => [
        eb.selectFrom('persons').select(eb.fn.countAll<number>().as('n')).as('persons'),
        eb.selectFrom('program_enrolments').select(eb.fn.countAll<number>().as('n')).as('enrolments'),
        eb.selectFrom('cooperative_members').select(eb.fn.countAll<number>().as('n')).as('members'),
      ])
      .executeTakeFirstOrThrow();
    log(`data: ${JSON.stringify(counts)}`);

    const sim = await timed('entas simulate', () =>
      simulatePolicy(database, policy, null, { pageSize: 10_000 }),
    );
    const refSim = await timed('SQL CASE simulate', async () => {
      const client = new pg.Client({ connectionString: urlFor(dbName) });
      await client.connect();
      try {
        const r = await client.query<{ treatment: string; n: string }>(
          `SELECT ${REFERENCE_CASE} AS treatment, count(*) AS n FROM (${REFERENCE_FEATURES}) f GROUP BY 1`,
        );
        return Object.fromEntries(r.rows.map((x) => [x.treatment, Number(x.n)]));
      } finally {
        await client.end();
      }
    });
    const simAgrees = Object.entries(refSim.value).every(([k, n]) => sim.value.by_treatment[k] === n);
    log(
      `counts agree: ${simAgrees} ${JSON.stringify(sim.value.by_treatment)} vs ${JSON.stringify(refSim.value)}`,
    );

    const apply = await timed('entas apply', () =>
      applyPolicy(database, policy, text, { effective: AS_OF, actor: 'bench', pageSize: 10_000 }),
    );
    const refApply = await timed('SQL CASE apply (INSERT … SELECT)', async () => {
      await database.exec(`
        INSERT INTO policy_applications (policy_row_id, effective, applied_by) VALUES (${apply.value.policy.stored_id}, DATE '${AS_OF}', 'bench-sql');
        INSERT INTO policy_decisions (application_id, household_id, treatment, rule_index, rule_id, inputs, cooperative_id, cooperative_match, effective)
        WITH own AS (
          SELECT DISTINCT ON (village_code) village_code, id FROM cooperatives WHERE status <> 'inactive' ORDER BY village_code, id
        ), near AS (
          SELECT DISTINCT ON (v.village_code) v.village_code, c.id
          FROM (SELECT DISTINCT village_code FROM households) v
          JOIN cooperatives c ON substr(c.village_code, 1, 8) = substr(v.village_code, 1, 8) AND c.status <> 'inactive'
          ORDER BY v.village_code, abs(substr(c.village_code, 10)::int - substr(v.village_code, 10)::int), c.id
        )
        SELECT currval(pg_get_serial_sequence('policy_applications', 'id')), x.id, x.treatment, x.rule_index, x.rule_id,
               jsonb_build_object('decile', x.decile, 'productive_members', x.productive),
               CASE WHEN x.targeted THEN coalesce(own.id, near.id) END,
               CASE WHEN NOT x.targeted THEN NULL WHEN own.id IS NOT NULL THEN 'village' WHEN near.id IS NOT NULL THEN 'district_nearest' ELSE 'none' END,
               DATE '${AS_OF}'
        FROM (
          SELECT f.*, t.treatment, t.treatment NOT IN ('TINJAU_GRADUASI', 'TIDAK_SASARAN') AS targeted,
                 CASE t.treatment WHEN 'TIDAK_SASARAN' THEN NULL WHEN 'PERLINDUNGAN' THEN CASE WHEN f.productive < 1 THEN 0 ELSE 1 END
                   WHEN 'ANGGOTA_MODAL_PENDAMPINGAN' THEN 2 WHEN 'ANGGOTA_SIMPANAN' THEN 3 ELSE 4 END AS rule_index,
                 t.treatment AS rule_id
          FROM (${REFERENCE_FEATURES}) f CROSS JOIN LATERAL (SELECT ${REFERENCE_CASE} AS treatment) t
        ) x
        LEFT JOIN own ON own.village_code = x.village_code
        LEFT JOIN near ON near.village_code = x.village_code;`);
    });

    const result = {
      households: N,
      engine: 'postgres',
      generate_s: seconds(gen.ms),
      simulate: {
        entas_s: seconds(sim.ms),
        sql_case_s: seconds(refSim.ms),
        ratio: Math.round((sim.ms / refSim.ms) * 100) / 100,
        counts_agree: simAgrees,
      },
      apply: {
        entas_s: seconds(apply.ms),
        sql_case_s: seconds(refApply.ms),
        ratio: Math.round((apply.ms / refApply.ms) * 100) / 100,
      },
      in_process: {
        households: contexts.length,
        fast_households_per_s: Math.round(fastRate),
        celjs_households_per_s: Math.round(referenceRate),
        context_build_per_s: Math.round(buildRate),
      },
      goals: { ratio_max: 1.5, in_process_min_per_s: 1_000_000 },
      by_treatment: sim.value.by_treatment,
    };
    process.stdout.write(
      `simulate: entas ${result.simulate.entas_s} s, SQL CASE ${result.simulate.sql_case_s} s, ratio ${result.simulate.ratio}\n` +
        `apply:    entas ${result.apply.entas_s} s, SQL CASE ${result.apply.sql_case_s} s, ratio ${result.apply.ratio}\n` +
        `rules in-process: ${result.in_process.fast_households_per_s.toLocaleString('en')} households/s per core (cel-js ${result.in_process.celjs_households_per_s.toLocaleString('en')})\n` +
        JSON.stringify(result) +
        '\n',
    );
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:policy] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});

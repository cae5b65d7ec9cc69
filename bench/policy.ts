/**
 * npm run bench:policy [-- --households N] [-- --database NAME] — the default policy over N households
 * (default 5,000,000) on PostgreSQL.
 *
 * Creates a fresh database (dropped at the end) and generates a national population set-based inside the
 * server (bench/policy-data.ts). With --database NAME the database is kept: generated into NAME when it has
 * no households yet, reused as it is otherwise (repeat runs skip generation). Then measures in one run:
 *   1. entas simulate (pages read on connections sharing a snapshot → worker threads → aggregates) and
 *      the hand-written SQL CASE that computes the same treatments over the same tables with GROUP BY
 *      (reference, best of JIT on and off); asserts the treatment counts are identical;
 *   2. entas apply (decisions with rule, inputs and cooperative, COPY, supersede) and the hand-written
 *      INSERT … SELECT CASE that stores the same decisions (reference);
 *   3. in-process rule evaluation rate (households/s on one core) for the fast closures and for cel-js.
 * Ratios = entas time / reference time (goal ≤ 1.5). Peak RSS of this process is reported. Prints JSON as
 * the last line.
 *
 * Environment: BENCH_DATABASE_URL (server URL, default postgres://postgres@127.0.0.1:5432/postgres);
 * HOUSEHOLDS is read when --households is not given.
 */
import fs from 'node:fs';
import pg from 'pg';
import { localActor } from '../src/audit/access-audit.js';
import type { Database } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { applyPolicy } from '../src/policy/policy-apply-service.js';
import { compilePolicy, type CompiledPolicy } from '../src/policy/policy-compiler.js';
import { buildHouseholdContext, type HouseholdData } from '../src/policy/household-context.js';
import { decide } from '../src/policy/policy-evaluator.js';
import { simulatePolicy } from '../src/policy/policy-simulation-service.js';
import { generatePolicyData } from './policy-data.js';
import { helpOnRequest } from './bench-help.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:policy [-- options]',
  about: [
    'The default policy over N households on PostgreSQL: entas simulate and apply against hand-written SQL',
    '(reference), and the in-process rule evaluation rate. Prints JSON as the last line.',
  ],
  options: [
    ['--households N', 'households (default $HOUSEHOLDS, else 5000000)'],
    ['--database NAME', 'generate into (or reuse) this database and keep it'],
    ['--simulate-only', 'skip apply'],
  ],
  environment: [
    ['BENCH_DATABASE_URL', 'PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)'],
    ['HOUSEHOLDS', 'households when --households is not given'],
  ],
});
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const N = Number(option('households') ?? process.env.HOUSEHOLDS ?? 5_000_000);
const reuse = option('database');
/** Skip apply (it adds decisions to a reused database). */
const simulateOnly = args.includes('--simulate-only');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = reuse ?? `entas_bench_policy_${process.pid}`;
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

async function admin(sqlText: string): Promise<number> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query(sqlText)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * The default policy's features, written by hand set-based: productive-age members (whole years at as_of),
 * the first head's disability, and whether a current (latest period per program) PKH/BPNT enrolment reaches
 * the household by household id or by a member's NIK — the same definitions entas uses.
 */
function referenceFeatures(policy: CompiledPolicy): string {
  const programs = (policy.plainParams.assistance_programs as string[]).map((p) => `'${p}'`).join(', ');
  return `
  WITH cur AS (SELECT program_code, max(period) AS period FROM program_enrolments GROUP BY program_code),
  assist AS (
    SELECT e.household_id AS id FROM program_enrolments e JOIN cur USING (program_code, period)
     WHERE e.household_id IS NOT NULL AND e.program_code IN (${programs})
    UNION
    SELECT p.household_id FROM program_enrolments e JOIN cur USING (program_code, period)
      JOIN persons p ON p.nik = e.nik
     WHERE e.household_id IS NULL AND e.program_code IN (${programs}) AND p.household_id IS NOT NULL),
  pf AS (
    SELECT p.household_id AS id,
           count(*) FILTER (WHERE date_part('year', age(DATE '${AS_OF}', p.birth_date)) BETWEEN 15 AND 64) AS productive,
           (array_agg(p.disability ORDER BY p.id) FILTER (WHERE p.relation = 1))[1] AS head_disabled
    FROM persons p WHERE p.household_id IS NOT NULL GROUP BY p.household_id),
  f AS (
    SELECT h.id, h.decile, h.village_code, coalesce(pf.productive, 0) AS productive, pf.head_disabled,
           a.id IS NOT NULL AS on_assistance
    FROM households h LEFT JOIN pf ON pf.id = h.id LEFT JOIN assist a ON a.id = h.id)`;
}

/** The default policy written by hand as one SQL CASE (cut-offs from the policy's parameters). */
function referenceCase(policy: CompiledPolicy): string {
  const p = policy.plainParams as Record<string, number>;
  return `
  CASE
    WHEN f.productive < ${p.min_productive_members} AND f.decile <= ${p.eligible_max_decile} THEN 'PERLINDUNGAN'
    WHEN f.head_disabled AND f.decile <= ${p.eligible_max_decile} THEN 'PERLINDUNGAN'
    WHEN f.decile <= ${p.poorest_max_decile} AND f.productive >= ${p.min_productive_members} THEN 'ANGGOTA_MODAL_PENDAMPINGAN'
    WHEN f.decile <= ${p.eligible_max_decile} THEN 'ANGGOTA_SIMPANAN'
    WHEN f.decile >= ${p.graduation_min_decile} AND f.on_assistance THEN 'TINJAU_GRADUASI'
    ELSE 'TIDAK_SASARAN'
  END`;
}

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

/** The hand-written INSERT … SELECT CASE storing the same decisions as entas apply (reference). */
async function referenceApply(database: Database, features: string, treatment: string): Promise<void> {
  await database.exec(`
        SET jit = off;
        INSERT INTO policy_applications (policy_row_id, effective, applied_by) VALUES ((SELECT max(id) FROM policies), DATE '${AS_OF}', 'bench-sql');
        INSERT INTO policy_decisions (application_id, household_id, treatment, rule_index, rule_id, inputs, cooperative_id, cooperative_match, effective)
        ${features},
        own AS (
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
          FROM f CROSS JOIN LATERAL (SELECT ${treatment} AS treatment) t
        ) x
        LEFT JOIN own ON own.village_code = x.village_code
        LEFT JOIN near ON near.village_code = x.village_code;
        RESET jit;`);
}

/** In-process rule evaluation (no database) on one core: best of three passes over the same contexts. */
function inProcessRates(policy: CompiledPolicy) {
  const sample = syntheticHouseholds(Math.min(N, 1_000_000));
  const contexts = sample.map((h) => buildHouseholdContext(h, AS_OF));
  const buildStarted = performance.now();
  for (const h of sample) buildHouseholdContext(h, AS_OF);
  const buildRate = sample.length / ((performance.now() - buildStarted) / 1000);
  let matched = 0;
  let fastRate = 0;
  for (let pass = 0; pass < 3; pass++) {
    // The first pass also warms the JIT.
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
  return { households: contexts.length, fastRate, referenceRate, buildRate };
}

async function main(): Promise<void> {
  const text = fs.readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8');
  const policy = compilePolicy(text).policy;
  if (!policy) throw new Error('the default policy does not compile');

  if (!reuse) await admin(`DROP DATABASE IF EXISTS ${dbName}`);
  if ((await admin(`SELECT 1 FROM pg_database WHERE datname = '${dbName}'`)) === 0)
    await admin(`CREATE DATABASE ${dbName}`);
  const database = openPostgresDatabase(urlFor(dbName), { max: 2 });
  const features = referenceFeatures(policy);
  const treatment = referenceCase(policy);
  try {
    await migrate(database);
    let generateMs = 0;
    const existing = await database.db.selectFrom('households').select('id').limit(1).executeTakeFirst();
    if (!existing) {
      log(`generating ${N.toLocaleString('en')} households`);
      const gen = await timed('generate', () => generatePolicyData(database, N, log));
      generateMs = gen.ms;
    }
    const counts = await database.db
      .selectNoFrom((eb) => [
        eb.selectFrom('households').select(eb.fn.countAll<number>().as('n')).as('households'),
        eb.selectFrom('persons').select(eb.fn.countAll<number>().as('n')).as('persons'),
        eb.selectFrom('program_enrolments').select(eb.fn.countAll<number>().as('n')).as('enrolments'),
        eb.selectFrom('cooperative_members').select(eb.fn.countAll<number>().as('n')).as('members'),
      ])
      .executeTakeFirstOrThrow();
    log(`data: ${JSON.stringify(counts)}`);
    const households = Number(counts.households);

    const sim = await timed('entas simulate', () => simulatePolicy(database, policy, null));
    const simRss = process.resourceUsage().maxRSS / 1024;
    const referenceSimulate = async (jit: boolean) => {
      const client = new pg.Client({ connectionString: urlFor(dbName) });
      await client.connect();
      try {
        await client.query(`SET jit = ${jit ? 'on' : 'off'}`);
        const r = await client.query<{ treatment: string; n: string }>(
          `${features} SELECT ${treatment} AS treatment, count(*) AS n FROM f GROUP BY 1`,
        );
        return Object.fromEntries(r.rows.map((x) => [x.treatment, Number(x.n)]));
      } finally {
        await client.end();
      }
    };
    const refJitOff = await timed('SQL CASE simulate (jit off)', () => referenceSimulate(false));
    const refJitOn = await timed('SQL CASE simulate (jit on)', () => referenceSimulate(true));
    const refSim = refJitOff.ms <= refJitOn.ms ? refJitOff : refJitOn;
    const expected = Object.fromEntries(
      Object.keys(sim.value.by_treatment).map((k) => [k, refSim.value[k] ?? 0]),
    );
    const simAgrees =
      JSON.stringify(sim.value.by_treatment) === JSON.stringify(expected) &&
      Object.keys(refSim.value).every((k) => k in sim.value.by_treatment) &&
      sim.value.households === households;
    log(
      `counts agree: ${simAgrees} ${JSON.stringify(sim.value.by_treatment)} vs ${JSON.stringify(refSim.value)}`,
    );

    const skipped = { ms: NaN, value: null };
    const apply = simulateOnly
      ? { ms: NaN, value: { by_treatment: sim.value.by_treatment } }
      : await timed('entas apply', () =>
          applyPolicy(database, policy, text, { effective: AS_OF, actor: localActor('bench') }),
        );
    const applyAgrees = JSON.stringify(apply.value.by_treatment) === JSON.stringify(sim.value.by_treatment);
    const refApply = simulateOnly
      ? skipped
      : await timed('SQL CASE apply (INSERT … SELECT)', () => referenceApply(database, features, treatment));
    const rates = inProcessRates(policy);
    const result = {
      households,
      persons: Number(counts.persons),
      engine: 'postgres',
      generate_s: seconds(generateMs),
      simulate: {
        entas_s: seconds(sim.ms),
        sql_case_s: seconds(refSim.ms),
        sql_case_jit_off_s: seconds(refJitOff.ms),
        sql_case_jit_on_s: seconds(refJitOn.ms),
        ratio: Math.round((sim.ms / refSim.ms) * 100) / 100,
        counts_agree: simAgrees,
        households_per_s: Math.round(households / (sim.ms / 1000)),
      },
      apply: {
        entas_s: seconds(apply.ms),
        sql_case_s: seconds(refApply.ms),
        ratio: Math.round((apply.ms / refApply.ms) * 100) / 100,
        counts_agree: applyAgrees,
      },
      in_process: {
        households: rates.households,
        fast_households_per_s: Math.round(rates.fastRate),
        celjs_households_per_s: Math.round(rates.referenceRate),
        context_build_per_s: Math.round(rates.buildRate),
      },
      peak_rss_mb: {
        after_simulate: Math.round(simRss),
        end: Math.round(process.resourceUsage().maxRSS / 1024),
      },
      goals: { ratio_max: 1.5, in_process_min_per_s: 1_000_000 },
      by_treatment: sim.value.by_treatment,
    };
    process.stdout.write(
      `simulate: entas ${result.simulate.entas_s} s, SQL CASE ${result.simulate.sql_case_s} s, ratio ${result.simulate.ratio} (counts agree: ${simAgrees})\n` +
        `apply:    entas ${result.apply.entas_s} s, SQL CASE ${result.apply.sql_case_s} s, ratio ${result.apply.ratio}\n` +
        `rules in-process: ${result.in_process.fast_households_per_s.toLocaleString('en')} households/s per core (cel-js ${result.in_process.celjs_households_per_s.toLocaleString('en')})\n` +
        `peak RSS: ${result.peak_rss_mb.end} MB\n` +
        JSON.stringify(result) +
        '\n',
    );
    if (!simAgrees || !applyAgrees) process.exitCode = 1;
  } finally {
    await database.close();
    if (!reuse) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:policy] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});

/**
 * npm run bench:api [-- --households 347000] [--duration 30] [--connections 50] [--scope 33]
 *                    [--provinces 33,35,53,73] [--database NAME --keep] [--skip-indicators] [--profile DIR]
 *                    [--warmup 5] [--rounds 1]
 *
 * Load test of the HTTP API at the scale of issue 12: 347,000 households / ~1.25 M persons (household sizes drawn
 * from a DTSEN-like distribution, mean 3.6), spread over every village of `--provinces`, generated with SQL
 * generate_series in a fresh database on $BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432) and
 * dropped afterwards (`--database NAME` reuses/creates that database, `--keep` leaves it for the next run).
 * The server runs as its own process (`entas serve`, API and sign-in rate limits off, on a free port) so its CPU
 * and memory are measured alone. autocannon drives `--connections` clients for `--duration` seconds on each
 * endpoint, signed in as a kemensos_officer scoped to province `--scope`, after `--warmup` unmeasured seconds on
 * each (the first requests compile code and fill the pool):
 *   - household list:   GET /api/v1/households?region=<random regency or district in scope>&limit=50  (audited)
 *   - household detail: GET /api/v1/households/<random id in scope> with X-Purpose  (full identifiers, audited)
 *   - indicator:        GET /api/v1/indicators/households?region=<random regency in scope>  (extra, not in the goal)
 * `--rounds N` repeats list and detail N times, to see whether memory levels off.
 *
 * The machine is shared, so absolute latency measures the neighbours as much as the code. The reference,
 * GET /healthz (one `SELECT 1`), runs in the same run, and each endpoint reports its throughput and its p50/p99
 * as ratios of the reference's; and the CPU ms per request of the server (process.cpuUsage in the server, asked
 * over IPC by bench/server-probe.ts) and of its PostgreSQL backends (from /proc). Memory: RSS before/after/peak
 * (sampled every 250 ms) and the live heap after a full collection before and after each endpoint — a leak grows
 * the live heap; RSS also keeps heap the collector holds for later. The load average at start and end is printed.
 * `--profile DIR` writes a V8 CPU profile of the server there (node --cpu-prof). Goal (issue 12): p99 < 200 ms for
 * list and detail, zero errors (non-2xx, socket errors, timeouts), server RSS flat over the run.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { localActor } from '../src/audit/access-audit.js';
import { issueToken, createUser } from '../src/auth/user-service.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import type { ProbeReply } from './server-probe.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'npm run bench:api [-- options]',
      '',
      'Fills a PostgreSQL database (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432) with households',
      'and persons, starts `entas start` on it and loads the API with autocannon: the /healthz reference, a',
      "province officer's household list, household detail with X-Purpose and an indicator read. Prints per",
      'endpoint: requests/s, p50/p99 latency and their ratios to the reference, errors, server and database CPU per',
      'request, RSS and live heap; a JSON line last with the goal (p99 < 200 ms, no errors).',
      '',
      'Options:',
      '  --households N          households to generate (default 347000)',
      '  --duration S            seconds per endpoint (default 30)',
      '  --connections N         concurrent connections (default 50)',
      '  --rounds N              rounds over the endpoints (default 1)',
      '  --warmup S              warm-up seconds per endpoint (default 5)',
      "  --scope PP              the officer's province (default 33)",
      '  --provinces PP,PP,...   provinces generated (default 33,35,53,73)',
      '  --database NAME         use (or create and keep) this database instead of a throw-away one',
      '  --keep                  keep the database afterwards',
      '  --skip-indicators       leave out the indicator endpoint',
      "  --profile DIR           write the server's V8 CPU profile to DIR",
      '  --help, -h              this text',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const flag = (name: string) => args.includes(`--${name}`);
const households = Number(option('households', '347000'));
const duration = Number(option('duration', '30'));
const connections = Number(option('connections', '50'));
const rounds = Number(option('rounds', '1'));
const warmup = Number(option('warmup', '5'));
const scopeProvince = option('scope', '33');
const provinces = option('provinces', '33,35,53,73')
  .split(',')
  .map((p) => p.trim());
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const log = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

for (const code of [scopeProvince, ...provinces]) {
  if (!/^\d{2}$/.test(code))
    throw new Error(`--scope/--provinces: "${code}" is not a province code (two digits)`);
}
if (!provinces.includes(scopeProvince)) throw new Error(`--scope ${scopeProvince} is not among --provinces`);
for (const [name, value] of [
  ['households', households],
  ['duration', duration],
  ['connections', connections],
  ['rounds', rounds],
  ['warmup', warmup + 1],
] as const) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive whole number`);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** The server's own CPU time and its memory after a full collection (bench/server-probe.ts, over IPC). */
function probe(server: ReturnType<typeof spawn>): Promise<ProbeReply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server probe did not answer within 30 s')), 30_000);
    server.once('message', (reply) => {
      clearTimeout(timer);
      resolve(reply as ProbeReply);
    });
    server.send('probe');
  });
}

/** CPU time (user + system) a process has used, in ms; 0 when it is gone. */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in clock ticks (100 Hz)
  } catch {
    return 0;
  }
}

/**
 * CPU used by the database backends serving `database` (PostgreSQL on this host): on a shared machine
 * throughput and latency swing with the neighbours' load, CPU per request does not, so it says where time goes.
 * Backends come and go with the pool: each is sampled while alive and counted from its first sight.
 */
class BackendCpu {
  private readonly seen = new Map<number, { first: number; last: number }>();
  constructor(
    private readonly client: pg.Client,
    private readonly database: string,
  ) {}

  async sample(): Promise<void> {
    const { rows } = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [this.database],
    );
    for (const { pid } of rows) {
      const now = cpuMs(pid);
      const entry = this.seen.get(pid);
      if (entry) entry.last = Math.max(entry.last, now);
      else this.seen.set(pid, { first: now, last: now });
    }
  }

  /** CPU ms since the previous call (starts a new interval). */
  take(): number {
    let total = 0;
    for (const [pid, e] of this.seen) {
      total += e.last - e.first;
      e.first = e.last;
      if (cpuMs(pid) === 0) this.seen.delete(pid);
    }
    return total;
  }
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Household sizes as cumulative shares (per 1000) of 1..8 members, roughly the Susenas distribution of poor
 * households: mean ≈ 3.6 persons, so 347 k households hold ≈ 1.25 M persons.
 */
const SIZE_CUMULATIVE = [100, 260, 490, 720, 870, 940, 975, 1000];

function sizeCase(column: string): string {
  const bucket = `((${column} * 2654435761) % 1000)`;
  const arms = SIZE_CUMULATIVE.map((upper, i) => `WHEN ${bucket} < ${upper} THEN ${i + 1}`).join(' ');
  return `(CASE ${arms} END)`;
}

async function generate(url: string): Promise<void> {
  const database = openPostgresDatabase(url);
  try {
    await migrate(database);
    const started = performance.now();
    const list = provinces.map((p) => `'${p}'`).join(',');
    await database.exec(`
      CREATE TEMP TABLE bench_villages AS
        SELECT (row_number() OVER (ORDER BY code))::int AS n, code FROM regions
        WHERE level = 4 AND left(code, 2) IN (${list});
      INSERT INTO households (province_code, kk, village_code, address, decile, pmt_score, snapshot_date)
        SELECT left(v.code, 2), lpad((3374010000000000 + g)::text, 16, '0'), v.code, 'Jalan Bench ' || g,
               1 + (g * 7919) % 10, ((g * 104729) % 100000) / 1000.0, DATE '2026-03-31'
        FROM generate_series(1::bigint, ${households}::bigint) AS g
        JOIN bench_villages v ON v.n = 1 + (g * 40503) % (SELECT count(*) FROM bench_villages);`);
    log(`generated ${households} households in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // Member k of a household: k = 1 head, 2 spouse, then children (relation 4); sex alternates, children younger.
    await database.exec(`
      INSERT INTO persons (province_code, household_id, nik, name, name_normalized, sex, birth_date, relation)
        SELECT h.province_code, h.id, lpad((3374015000000000 + h.id * 10 + k)::text, 16, '0'),
               'Warga ' || h.id || '-' || k, 'WARGA ' || h.id || ' ' || k,
               CASE WHEN (h.id + k) % 2 = 0 THEN 'L' ELSE 'P' END,
               CASE WHEN k <= 2 THEN DATE '1965-01-01' + (h.id % 9000)::int
                    ELSE DATE '1995-01-01' + ((h.id * k) % 9000)::int END,
               CASE WHEN k = 1 THEN 1 WHEN k = 2 THEN 2 ELSE 4 END
        FROM households h
        CROSS JOIN LATERAL generate_series(1, ${sizeCase('h.id')}) AS k;
      ANALYZE households; ANALYZE persons;`);
    log(`generated persons; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await database.close();
  }
}

interface Fixture {
  token: string;
  /** Regency and district codes inside the officer's province. */
  regions: string[];
  /** Household ids inside the officer's province. */
  ids: number[];
  persons: number;
  households: number;
}

async function prepare(url: string): Promise<Fixture> {
  const database = openPostgresDatabase(url);
  try {
    const username = `bench-officer-${scopeProvince}-${process.pid}`;
    const { user } = await createUser(
      database,
      {
        username,
        password: 'Genteng-Kopi-Tubruk-Sore-55',
        role: 'kemensos_officer',
        regions: [scopeProvince],
      },
      localActor('bench'),
    );
    const { token } = await issueToken(database, user.id, 'api', {
      name: 'bench',
      actor: localActor('bench'),
    });
    const regions = (
      await database.db
        .selectFrom('regions')
        .select('code')
        .where('level', 'in', [2, 3])
        .where('parent_code', 'like', `${scopeProvince}%`)
        .orderBy('code')
        .execute()
    ).map((r) => r.code);
    const ids = (
      await database.db
        .selectFrom('households')
        .select('id')
        .where((eb) => eb(eb.fn('left', ['village_code', eb.val(2)]), '=', scopeProvince))
        .execute()
    ).map((r) => Number(r.id));
    const counts = await database.db
      .selectNoFrom((eb) => [
        eb.selectFrom('households').select(eb.fn.countAll<string>().as('n')).as('households'),
        eb.selectFrom('persons').select(eb.fn.countAll<string>().as('n')).as('persons'),
      ])
      .executeTakeFirstOrThrow();
    return { token, regions, ids, households: Number(counts.households), persons: Number(counts.persons) };
  } finally {
    await database.close();
  }
}

/** A port nobody listens on now (the kernel's pick), so parallel runs on one host do not collide. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url: string, server: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null)
      throw new Error(`server exited with code ${server.exitCode} before answering`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not start within 120 s');
}

interface EndpointResult {
  endpoint: string;
  requests_per_second: number;
  /** Throughput as a share of the /healthz reference's in the same run. */
  ratio_to_healthz: number;
  latency_ms: { p50: number; p99: number; max: number };
  /** p50 and p99 as multiples of the /healthz reference's p50 and p99 in the same run (1 = no slower). */
  latency_ratio_to_healthz: { p50: number; p99: number };
  requests: number;
  /** Socket errors (connection reset/refused) + non-2xx answers + timeouts. */
  errors: number;
  socket_errors: number;
  non_2xx: number;
  timeouts: number;
  server_rss_mb: { before: number; after: number; peak: number };
  /** The server's live heap after a full collection, before and after this endpoint's run: a leak grows it. */
  server_heap_live_mb: { before: number; after: number };
  /** CPU ms per request: the server process, and the PostgreSQL backends of its pool. */
  cpu_ms_per_request: { server: number; database: number };
}

interface Endpoint {
  endpoint: string;
  path: () => string;
  headers?: Record<string, string>;
  seconds: number;
  inGoal: boolean;
}

async function drive(
  base: string,
  server: ReturnType<typeof spawn>,
  backends: BackendCpu,
  token: string,
  e: Endpoint,
): Promise<EndpointResult> {
  const pid = server.pid!;
  const start = await probe(server);
  const before = rssMb(pid);
  let peak = before;
  await backends.sample();
  backends.take();
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
    void backends.sample();
  }, 250);
  log(`${e.endpoint}: ${connections} connections for ${e.seconds} s`);
  try {
    const r = await autocannon({
      url: base,
      connections,
      duration: e.seconds,
      headers: { authorization: `Bearer ${token}`, ...e.headers },
      requests: [{ setupRequest: (req) => ({ ...req, path: e.path() }) }],
    });
    const after = rssMb(pid);
    clearInterval(sampler);
    await backends.sample();
    const end = await probe(server);
    const perRequest = (ms: number) => Number((ms / Math.max(1, r.requests.total)).toFixed(2));
    return {
      endpoint: e.endpoint,
      requests_per_second: Math.round(r.requests.average),
      ratio_to_healthz: 0,
      latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
      latency_ratio_to_healthz: { p50: 0, p99: 0 },
      requests: r.requests.total,
      errors: r.errors + r.non2xx + r.timeouts,
      socket_errors: r.errors,
      non_2xx: r.non2xx,
      timeouts: r.timeouts,
      server_rss_mb: { before, after, peak: Math.max(peak, after) },
      server_heap_live_mb: { before: start.heap_live_mb, after: end.heap_live_mb },
      cpu_ms_per_request: {
        server: perRequest((end.cpu_us.before_gc - start.cpu_us.after_gc) / 1000),
        database: perRequest(backends.take()),
      },
    };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  const named = option('database', '');
  const name = named || `entas_bench_api_${process.pid}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`--database "${name}": lower-case letters, digits, _`);
  const keep = flag('keep');
  const exists = await admin(
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0,
  );
  if (!exists) await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  let server: ReturnType<typeof spawn> | undefined;
  try {
    if (exists) log(`reusing database ${name} (its data, whatever --households says)`);
    else await generate(url);
    const fixture = await prepare(url);
    log(
      `${fixture.households} households, ${fixture.persons} persons; officer scoped to province ${scopeProvince}: ` +
        `${fixture.ids.length} households, ${fixture.regions.length} regencies/districts`,
    );
    const profile = option('profile', '');
    const nodeArgs = [
      '--expose-gc',
      '--import',
      new URL('./server-probe.js', import.meta.url).href,
      ...(profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : []),
    ];
    const port = await freePort();
    server = spawn(process.execPath, [...nodeArgs, 'bin/entas.js', 'serve', '--port', String(port)], {
      // Rate limits off (issue 12: the load is one token from one address); the environment can override.
      env: { ENTAS_RATE_LIMIT: '0', ENTAS_LOGIN_RATE_LIMIT: '1000000', ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(base, server);
    const pid = server.pid!;
    const rssStart = rssMb(pid);
    const loadStart = os.loadavg();
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
    const regencies = fixture.regions.filter((c) => c.length === 5);
    const endpoints: Endpoint[] = [
      {
        endpoint: 'reference GET /healthz',
        path: () => '/healthz',
        seconds: Math.min(duration, 15),
        inGoal: false,
      },
      {
        endpoint: 'GET /api/v1/households?region=&limit=50',
        path: () => `/api/v1/households?region=${pick(fixture.regions)}&limit=50`,
        seconds: duration,
        inGoal: true,
      },
      {
        endpoint: 'GET /api/v1/households/:id (X-Purpose)',
        path: () => `/api/v1/households/${pick(fixture.ids)}`,
        headers: { 'x-purpose': 'bench: verifikasi penerima bansos' },
        seconds: duration,
        inGoal: true,
      },
    ];
    if (!flag('skip-indicators')) {
      endpoints.push({
        endpoint: 'GET /api/v1/indicators/households?region=',
        path: () => `/api/v1/indicators/households?region=${pick(regencies)}`,
        seconds: duration,
        inGoal: false,
      });
    }
    // More rounds of the measured endpoints show whether memory keeps growing or levels off.
    const measured = endpoints.slice(1);
    for (let round = 2; round <= rounds; round++) {
      endpoints.push(...measured.map((e) => ({ ...e, endpoint: `${e.endpoint} [round ${round}]` })));
    }
    const results: EndpointResult[] = [];
    if (warmup > 0) {
      // Unmeasured: the first requests compile code and fill the pool, which says nothing about steady load.
      for (const e of endpoints.slice(0, 3)) {
        log(`warm-up: ${e.endpoint} for ${warmup} s`);
        await autocannon({
          url: base,
          connections,
          duration: warmup,
          headers: { authorization: `Bearer ${fixture.token}`, ...e.headers },
          requests: [{ setupRequest: (req) => ({ ...req, path: e.path() }) }],
        });
      }
    }
    const monitor = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await monitor.connect();
    const backends = new BackendCpu(monitor, name);
    for (const e of endpoints) {
      const result = await drive(base, server, backends, fixture.token, e);
      const reference = results[0] ?? result;
      const ratio = (value: number, of: number) => Number((value / Math.max(1, of)).toFixed(3));
      result.ratio_to_healthz = ratio(result.requests_per_second, reference.requests_per_second);
      result.latency_ratio_to_healthz = {
        p50: ratio(result.latency_ms.p50, reference.latency_ms.p50),
        p99: ratio(result.latency_ms.p99, reference.latency_ms.p99),
      };
      results.push(result);
      log(JSON.stringify(result));
    }
    await monitor.end();
    const rssEnd = rssMb(pid);
    const goal = results.filter((_, i) => endpoints[i]!.inGoal);
    const rssPeak = Math.max(rssEnd, ...results.map((r) => r.server_rss_mb.peak));
    const load = (values: number[]) => values.map((v) => Number(v.toFixed(1)));
    const summary = {
      benchmark: 'api',
      machine: {
        cores: os.availableParallelism(),
        load_average_1_5_15_min: { start: load(loadStart), end: load(os.loadavg()) },
      },
      households: fixture.households,
      persons: fixture.persons,
      scope: { role: 'kemensos_officer', province: scopeProvince, households: fixture.ids.length },
      connections,
      duration_s: duration,
      server_rss_mb: { start: rssStart, end: rssEnd, peak: rssPeak },
      server_heap_live_mb: {
        start: results[0]?.server_heap_live_mb.before,
        end: results[results.length - 1]?.server_heap_live_mb.after,
      },
      results,
      goal: {
        p99_under_200ms: goal.every((r) => r.latency_ms.p99 < 200),
        zero_errors: goal.every((r) => r.errors === 0),
      },
    };
    for (const r of results) {
      process.stdout.write(
        `${r.endpoint.padEnd(46)} ${String(r.requests_per_second).padStart(6)} req/s (×${r.ratio_to_healthz} of healthz)  ` +
          `p50 ${r.latency_ms.p50} ms (×${r.latency_ratio_to_healthz.p50})  ` +
          `p99 ${r.latency_ms.p99} ms (×${r.latency_ratio_to_healthz.p99} of healthz p99)  errors ${r.errors}  ` +
          `CPU/req server ${r.cpu_ms_per_request.server} ms db ${r.cpu_ms_per_request.database} ms  ` +
          `RSS ${r.server_rss_mb.before}→${r.server_rss_mb.after} MB (peak ${r.server_rss_mb.peak})  ` +
          `live heap ${r.server_heap_live_mb.before}→${r.server_heap_live_mb.after} MB\n`,
      );
    }
    process.stdout.write(
      `load average ${summary.machine.load_average_1_5_15_min.start.join(' ')} → ` +
        `${summary.machine.load_average_1_5_15_min.end.join(' ')} on ${summary.machine.cores} cores\n`,
    );
    process.stdout.write(JSON.stringify(summary) + '\n');
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    if (!keep) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await main();

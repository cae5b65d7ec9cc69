/**
 * npm run bench:api [-- --households 1000000] [--duration 60] [--connections 50]
 *
 * Load test of the HTTP API against PostgreSQL holding N households (default 1,000,000; one person each),
 * generated with SQL generate_series in a fresh database on $BENCH_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432) and dropped afterwards. The server runs as its own process
 * (`entas serve`) so its RSS is measured alone, before and after. autocannon drives `--connections` clients
 * for `--duration` seconds on each endpoint, signed in as a national kemensos_officer:
 *   - household list:   GET /api/v1/households?region=<random regency>&limit=50   (audited read)
 *   - household detail: GET /api/v1/households/<random id>                        (audited read)
 *   - indicator:        GET /api/v1/indicators/households?region=<random regency>
 * Reference measured in the same run: GET /healthz (one `SELECT 1`), so each endpoint's throughput is also
 * reported as a ratio of it. Goal (issue 6): p99 < 200 ms, zero errors, no memory growth.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import pg from 'pg';
import { issueToken, createUser } from '../src/auth/user-service.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const households = Number(option('households', '1000000'));
const duration = Number(option('duration', '60'));
const connections = Number(option('connections', '50'));
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const port = 39_000 + (process.pid % 1000);
const log = (message: string) => process.stderr.write(`[bench:api] ${message}\n`);

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
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

async function seed(url: string): Promise<{ token: string; regencies: string[]; maxId: number }> {
  const database = openPostgresDatabase(url);
  try {
    await migrate(database);
    const started = performance.now();
    await database.exec(`
      CREATE TEMP TABLE bench_villages AS
        SELECT (row_number() OVER (ORDER BY code))::int AS n, code FROM regions WHERE level = 4;
      INSERT INTO households (kk, village_code, address, decile, pmt_score, snapshot_date)
        SELECT lpad((3374010000000000 + g)::text, 16, '0'), v.code, 'Jalan Bench ' || g,
               1 + (g * 7919) % 10, ((g * 104729) % 100000) / 1000.0, DATE '2026-03-31'
        FROM generate_series(1::bigint, ${households}::bigint) AS g
        JOIN bench_villages v ON v.n = 1 + (g * 2654435761) % (SELECT count(*) FROM bench_villages);
      INSERT INTO persons (household_id, nik, name, name_normalized, sex, birth_date, relation)
        SELECT id, lpad((3374015000000000 + id)::text, 16, '0'), 'Warga ' || id, 'WARGA ' || id,
               CASE WHEN id % 2 = 0 THEN 'L' ELSE 'P' END, DATE '1960-01-01' + (id % 15000)::int, 1
        FROM households;
      ANALYZE households; ANALYZE persons;`);
    log(
      `generated ${households} households + persons in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const { user } = await createUser(
      database,
      { username: 'bench-kemensos', password: 'Genteng-Kopi-Tubruk-Sore-55', role: 'kemensos_officer' },
      'bench',
    );
    const { token } = await issueToken(database, user.id, 'api', { name: 'bench', actor: 'bench' });
    const regencies = (
      await database.db.selectFrom('regions').select('code').where('level', '=', 2).orderBy('code').execute()
    ).map((r) => r.code);
    const max = await database.db
      .selectFrom('households')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirstOrThrow();
    return { token, regencies, maxId: Number(max.id) };
  } finally {
    await database.close();
  }
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
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
  ratio_to_healthz: number;
  latency_ms: { p50: number; p99: number; max: number };
  requests: number;
  errors: number;
  non_2xx: number;
  timeouts: number;
  server_rss_mb_before: number;
  server_rss_mb_after: number;
}

async function main(): Promise<void> {
  const name = `entas_bench_api_${process.pid}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(serverUrl, name);
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const { token, regencies, maxId } = await seed(url);
    server = spawn(process.execPath, ['bin/entas.js', 'serve', '--port', String(port)], {
      // One token drives all connections: lift the per-user limit far above what 50 clients reach, so the
      // limiter runs (its cost is measured) but never refuses. ENTAS_RATE_LIMIT in the environment overrides it.
      env: { ENTAS_RATE_LIMIT: '10000000', ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForServer(base);
    const pid = server.pid!;
    const rssStart = rssMb(pid);
    const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
    const endpoints: { endpoint: string; path: () => string; seconds: number }[] = [
      { endpoint: 'reference GET /healthz', path: () => '/healthz', seconds: Math.min(duration, 15) },
      {
        endpoint: 'GET /api/v1/households?region=&limit=50',
        path: () => `/api/v1/households?region=${pick(regencies)}&limit=50`,
        seconds: duration,
      },
      {
        endpoint: 'GET /api/v1/households/:id',
        path: () => `/api/v1/households/${1 + Math.floor(Math.random() * maxId)}`,
        seconds: duration,
      },
      {
        endpoint: 'GET /api/v1/indicators/households?region=',
        path: () => `/api/v1/indicators/households?region=${pick(regencies)}`,
        seconds: duration,
      },
    ];
    const results: EndpointResult[] = [];
    let reference = 0;
    for (const e of endpoints) {
      const before = rssMb(pid);
      log(`${e.endpoint}: ${connections} connections for ${e.seconds} s`);
      const r = await autocannon({
        url: base,
        connections,
        duration: e.seconds,
        headers: { authorization: `Bearer ${token}` },
        requests: [{ setupRequest: (req) => ({ ...req, path: e.path() }) }],
      });
      if (reference === 0) reference = r.requests.average;
      results.push({
        endpoint: e.endpoint,
        requests_per_second: Math.round(r.requests.average),
        ratio_to_healthz: Number((r.requests.average / reference).toFixed(3)),
        latency_ms: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
        requests: r.requests.total,
        errors: r.errors,
        non_2xx: r.non2xx,
        timeouts: r.timeouts,
        server_rss_mb_before: before,
        server_rss_mb_after: rssMb(pid),
      });
      log(JSON.stringify(results.at(-1)));
    }
    const rssEnd = rssMb(pid);
    const data = results.slice(1);
    const summary = {
      benchmark: 'api',
      households,
      connections,
      duration_s: duration,
      server_rss_mb: { start: rssStart, end: rssEnd },
      results,
      goal: {
        p99_under_200ms: data.every((r) => r.latency_ms.p99 < 200),
        zero_errors: data.every((r) => r.errors === 0 && r.non_2xx === 0 && r.timeouts === 0),
      },
    };
    for (const r of results) {
      process.stdout.write(
        `${r.endpoint.padEnd(46)} ${String(r.requests_per_second).padStart(6)} req/s (×${r.ratio_to_healthz} of healthz)  p50 ${r.latency_ms.p50} ms  p99 ${r.latency_ms.p99} ms  errors ${r.errors + r.non_2xx + r.timeouts}  RSS ${r.server_rss_mb_before}→${r.server_rss_mb_after} MB\n`,
      );
    }
    process.stdout.write(JSON.stringify(summary) + '\n');
  } finally {
    server?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await main();

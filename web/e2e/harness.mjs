// The e2e suite's plumbing: a seeded entas server on its own port and data folder, Debian's Chromium through
// playwright-core, axe-core checks, and a tiny sequential test runner that ends with "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'entas.js');
const require = createRequire(import.meta.url);

function entas(env, args, input) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`entas ${args.join(' ')} failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A strong random password (the CLI refuses weak ones). */
const password = () => `Kunci!${randomBytes(12).toString('base64url')}`;

/**
 * Seeds a fresh data folder: migrations, the demo province (E2E_HOUSEHOLDS, default the demo's 20,000
 * households, linked and with the default policy applied) and the users the scenarios sign in as. With
 * E2E_SEED_DIR, a folder seeded by an earlier run is copied instead (a local shortcut; CI always seeds).
 */
export function seed() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-e2e-'));
  // One browser signs in a dozen users a minute from 127.0.0.1: more than an office's default of 10.
  const env = { ...process.env, ENTAS_DATA_DIR: dataDir, ENTAS_LANG: 'en', ENTAS_LOGIN_RATE_LIMIT: '200' };
  delete env.DATABASE_URL;
  const cached = process.env.E2E_SEED_DIR;
  const users = {
    analyst: { username: 'e2e-analis', password: password(), role: 'bptaskin_analyst', region: null },
    officer: { username: 'e2e-pemda', password: password(), role: 'pemda_officer', region: '53.01' },
    clerk: { username: 'e2e-kemensos', password: password(), role: 'kemensos_officer', region: null },
    coordinator: { username: 'e2e-kemenkop', password: password(), role: 'kemenkop_officer', region: null },
    facilitator: { username: 'e2e-pendamping', password: password(), role: 'pendamping', region: '53' },
    auditor: { username: 'e2e-auditor', password: password(), role: 'auditor', region: null },
    treasurer: { username: 'e2e-bendahara', password: password(), role: 'coop_officer', region: null },
    admin: { username: 'e2e-admin', password: password(), role: 'admin', region: null },
  };
  if (cached && fs.existsSync(path.join(cached, 'db'))) {
    fs.cpSync(cached, dataDir, { recursive: true });
    // The cached users' passwords are unknown: create this run's users under new names.
    const suffix = randomBytes(3).toString('hex');
    for (const u of Object.values(users)) u.username = `${u.username}-${suffix}`;
  } else {
    const households = process.env.E2E_HOUSEHOLDS ?? '20000';
    console.error(`e2e: seeding ${households} demo households (entas migrate, entas demo)…`);
    entas(env, ['migrate']);
    entas(env, ['demo', '--households', households]);
    // The demo stores no indicator values; the M&E page reads one refreshed indicator (about a minute):
    // KPM conversion, non-zero in the demo (its cooperatives enrol recipients), so a wrong figure shows.
    entas(env, ['indicators', 'refresh', 'kpm_conversion']);
    if (process.env.E2E_SAVE_SEED) fs.cpSync(dataDir, process.env.E2E_SAVE_SEED, { recursive: true });
  }
  // The treasurer keeps the books of a demo cooperative with members still in it.
  users.treasurer.cooperative = cooperativeWithMembers(env);
  for (const u of Object.values(users)) {
    const out = entas(
      env,
      [
        'users',
        'add',
        '--username',
        u.username,
        '--role',
        u.role,
        '--password-stdin',
        ...(u.region ? ['--region', u.region] : []),
        ...(u.cooperative ? ['--cooperative', String(u.cooperative)] : []),
        '--json',
      ],
      `${u.password}\n`,
    );
    const created = JSON.parse(out.trim().split('\n').at(-1));
    u.id = created.id;
    // An administrator signs in with a TOTP code: the secret is printed once, at creation.
    if (created.totp) u.totpSecret = created.totp.secret;
  }
  // A machine token for an office's sync, for the administration page's token list.
  entas(env, [
    'users',
    'token',
    'create',
    '--username',
    users.clerk.username,
    '--name',
    'e2e-sync',
    '--json',
  ]);
  return { dataDir, env, users };
}

/** The id of a seeded cooperative with at least three current members (read before the server starts). */
function cooperativeWithMembers(env) {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'dist', 'src', 'db', 'open-database.js')).href)});
    const database = await openDatabase({ dataDir: process.env.ENTAS_DATA_DIR }, { migrate: false });
    const row = await database.db
      .selectFrom('cooperative_members')
      .select('cooperative_id')
      .where('left_on', 'is', null)
      .groupBy('cooperative_id')
      .having((eb) => eb.fn.countAll(), '>=', 3)
      .orderBy('cooperative_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    console.log(row.cooperative_id);
    await database.close();`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`no cooperative with members:\n${result.stderr}`);
  return Number(result.stdout.trim().split('\n').at(-1));
}

/** The TOTP code of the current 30-second step (or a later one) for a seeded user's secret. */
export async function totpCode(secret, stepsAhead = 0) {
  const { currentTotp } = await import(pathToFileURL(path.join(ROOT, 'dist', 'src', 'auth', 'totp.js')).href);
  return currentTotp(secret, stepsAhead);
}

/** Starts `entas serve` on a free port; resolves once it listens. */
export async function startServer({ env }) {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...env, ENTAS_RATE_LIMIT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 120_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (/entas listening on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
  return {
    url: `http://localhost:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install -y chromium)`);
  }
  const { chromium } = await import('playwright-core');
  // localhost is a secure context, so the Secure session cookie works over plain HTTP in the test.
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--host-resolver-rules=MAP localhost 127.0.0.1', '--no-sandbox', '--disable-dev-shm-usage'],
  });
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the page as it is now: throws on any serious or critical violation (WCAG 2.1 A/AA rules). */
export async function checkAccessibility(page, name) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline scripts) stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    throw new Error(
      `axe on ${name}: ${serious.length} serious violation(s):\n${JSON.stringify(serious, null, 2)}`,
    );
  }
  return violations;
}

/** Sequential tests; each failure is printed with its error; the closing line counts them. */
export function runner() {
  const tests = [];
  return {
    test: (name, fn) => tests.push({ name, fn }),
    async run() {
      let passed = 0;
      let failed = 0;
      const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY, 'i') : null;
      for (const { name, fn } of tests) {
        if (only && !only.test(name)) continue;
        const started = Date.now();
        try {
          await fn();
          passed++;
          console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
        } catch (error) {
          failed++;
          console.log(`  ✗ ${name}\n    ${String(error?.stack ?? error).replace(/\n/g, '\n    ')}`);
        }
      }
      console.log(`${passed} passed, ${failed} failed`);
      return failed;
    },
  };
}

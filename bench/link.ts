/**
 * npm run bench:link [-- --scales 20000,250000,500000,1000000] [--reference-at 20000,1000000] [--seed s]
 *
 * Generates Indonesian-style registries (N people) and beneficiary lists (~0.42 N rows drawn by whole families,
 * with NIK/name/date/village errors and people missing from the registry) in the reference linker's columns
 * `id,nik,name,birth_date,sex,village_code,address`, then runs on the same files, each in its own process:
 *   - entas: `entas link --one-to-one --json` (wall time, peak RSS reported by the process itself);
 *   - the DuckDB reference linker (bench/reference/duckdb-ref-link.mjs, Splink-style SQL with fixed weights).
 * Both outputs are scored by bench/reference/score-links.mjs (precision/recall/F1 at p ≥ 0.5).
 * Goal at 1M: entas wall time ≤ 1.0 × the reference's, F1 ≥ 0.95, peak RSS ≤ 4 GiB.
 * Files go to $BENCH_DIR (default /tmp/entas-bench-link) and are reused when present.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLinkageFiles } from '../src/linkage/synthetic/write-person-lists.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const scales = option('scales', '20000,250000,500000,1000000').split(',').map(Number);
const referenceAt = new Set(
  option('reference-at', `20000,${Math.max(...scales)}`)
    .split(',')
    .map(Number),
);
const seed = option('seed', 'bench-link-1');
const root = process.env.BENCH_DIR ?? '/tmp/entas-bench-link';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const refDir = path.join(repo, 'bench', 'reference');

function run(cmd: string, argv: string[]): Promise<{ stdout: string; stderr: string; seconds: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: repo });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ stdout, stderr, seconds });
    });
  });
}

const lastLine = (s: string) => s.trim().split('\n').pop()!;
interface Score {
  precision: number;
  recall: number;
  f1: number;
}
async function score(links: string, truth: string): Promise<Score> {
  const r = await run(process.execPath, [path.join(refDir, 'score-links.mjs'), links, truth]);
  return JSON.parse(lastLine(r.stdout)) as Score;
}

// Piped into `head`, stdout closes early: stop quietly instead of dying with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const results: Record<string, unknown>[] = [];
for (const people of scales) {
  const dir = path.join(root, `${seed}-${people}`);
  const meta = path.join(dir, 'meta.json');
  if (!fs.existsSync(meta)) {
    fs.mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const counts = writeLinkageFiles(dir, { seed, people });
    fs.writeFileSync(meta, JSON.stringify({ ...counts, seconds: (performance.now() - started) / 1000 }));
  }
  const counts = JSON.parse(fs.readFileSync(meta, 'utf8')) as { registry: number; beneficiaries: number };
  const files = { left: path.join(dir, 'registry.csv'), right: path.join(dir, 'beneficiaries.csv') };
  const truth = path.join(dir, 'truth.csv');
  const entasOut = path.join(dir, 'entas-links.csv');
  const entas = await run(process.execPath, [
    path.join(repo, 'bin', 'entas.js'),
    'link',
    '--left',
    files.left,
    '--right',
    files.right,
    '--out',
    entasOut,
    '--one-to-one',
    '--json',
  ]);
  const entasJson = JSON.parse(lastLine(entas.stdout)) as { peak_rss_mb: number; candidate_pairs: number };
  const entasScore = await score(entasOut, truth);
  const row: Record<string, unknown> = {
    people,
    registry: counts.registry,
    beneficiaries: counts.beneficiaries,
    entas_seconds: Number(entas.seconds.toFixed(2)),
    entas_peak_rss_mb: entasJson.peak_rss_mb,
    entas_candidate_pairs: entasJson.candidate_pairs,
    entas: entasScore,
  };
  if (referenceAt.has(people)) {
    const refOut = path.join(dir, 'reference-links.csv');
    const ref = await run(process.execPath, [
      path.join(refDir, 'duckdb-ref-link.mjs'),
      files.left,
      files.right,
      refOut,
    ]);
    row.reference_seconds = Number(ref.seconds.toFixed(2));
    row.reference = await score(refOut, truth);
    row.ratio = Number((entas.seconds / ref.seconds).toFixed(3));
  }
  results.push(row);
  process.stdout.write(
    `${people} people (${counts.beneficiaries} list rows): entas ${entas.seconds.toFixed(1)} s, F1 ${entasScore.f1}, ` +
      `peak RSS ${entasJson.peak_rss_mb} MiB` +
      (row.reference_seconds !== undefined
        ? `; reference ${(row.reference_seconds as number).toFixed(1)} s, F1 ${(row.reference as Score).f1}; ratio ${String(row.ratio)}`
        : '') +
      '\n',
  );
}
process.stdout.write(JSON.stringify({ bench: 'link', seed, results }) + '\n');

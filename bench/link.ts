/**
 * npm run bench:link [-- --scales 100000,1000000] [--reference-at 100000,1000000] [--seed s] [--profile hard|standard]
 *
 * Generates Indonesian-style registries (N people) and beneficiary lists in the reference linker's columns
 * `id,nik,name,birth_date,sex,village_code,address`: profile `hard` (default; src/linkage/synthetic/
 * hard-person-lists.ts: ~350 people a village, a few dozen common names, twins, one-digit NIK errors landing on
 * other people's NIKs; ~0.45 N list rows) or `standard` (the easier original generator). Then, on the same files,
 * each in its own process:
 *   - entas: `entas link --one-to-one --keep-dropped --json` (wall time, peak RSS reported by the process itself);
 *   - the DuckDB reference linker (bench/reference/duckdb-ref-link.mjs, Splink-style SQL with fixed weights).
 * Both outputs are scored like `entas link evaluate`: precision/recall/F1 of the pairs at p ≥ 0.5 (raw), one-to-one
 * (entas: its own assignment; reference: greedy by probability), and a calibration table (predicted vs observed
 * match rate per probability band; entas writes pairs from p 0.2).
 * Goals at 1M (hard): raw F1 ≥ 0.98, one-to-one F1 ≥ 0.993, wall time ≤ 1.0 × the reference's, peak RSS ≤ 2 GiB.
 * Splink 4 is not run here (no network); its figures on such data (raw 0.967/0.988/0.978, one-to-one
 * 0.996/0.988/0.992, 44–54 s at 1M) are the bar to beat, see docs.
 * Files go to $BENCH_DIR (default /tmp/entas-bench-link) and are reused when present.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateFiles, type Evaluation } from '../src/linkage/evaluate-files.js';
import {
  LINKAGE_PROFILES,
  writeLinkageFiles,
  type LinkageProfileName,
} from '../src/linkage/synthetic/write-person-lists.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'npm run bench:link [-- options]',
      '',
      'Generates Indonesian-style registries and beneficiary lists (reused from $BENCH_DIR, default',
      '/tmp/entas-bench-link), links them with `entas link --one-to-one` and with the DuckDB reference linker,',
      'each in its own process, and prints per scale: wall times and their ratio (entas / reference), entas peak',
      'RSS, raw and one-to-one precision/recall/F1 of both and entas calibration table; a JSON line last.',
      '',
      'Options:',
      '  --scales N,N,...        registry sizes (default 100000,1000000)',
      '  --reference-at N,...    scales at which the reference also runs (default: all)',
      '  --profile hard|standard generator profile (default hard: crowded villages, namesakes, NIK collisions)',
      '  --seed S                generator seed (default bench-link-1)',
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
const scales = option('scales', '100000,1000000').split(',').map(Number);
const profile = option('profile', 'hard') as LinkageProfileName;
if (!LINKAGE_PROFILES.includes(profile))
  throw new Error(`--profile must be one of ${LINKAGE_PROFILES.join(', ')}, got "${profile}"`);
const referenceAt = new Set(option('reference-at', scales.join(',')).split(',').map(Number));
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
const r4 = (x: number) => Number(x.toFixed(4));
function score(links: string, truth: string) {
  const e: Evaluation = evaluateFiles(links, truth);
  const q = (x: {
    precision: number;
    recall: number;
    f1: number;
    predicted: number;
    true_pairs: number;
  }) => ({
    precision: r4(x.precision),
    recall: r4(x.recall),
    f1: r4(x.f1),
    predicted: x.predicted,
    true_pairs: x.true_pairs,
  });
  return {
    raw: q(e),
    one_to_one: e.one_to_one ? q(e.one_to_one) : null,
    calibration: (e.calibration ?? []).map((b) => ({
      band: `${b.from}-${b.to}`,
      pairs: b.pairs,
      predicted: r4(b.predicted),
      observed: r4(b.observed),
    })),
  };
}
type Score = ReturnType<typeof score>;
const brief = (s: Score) =>
  `raw P/R/F1 ${s.raw.precision}/${s.raw.recall}/${s.raw.f1} (${s.raw.predicted} pairs)` +
  (s.one_to_one ? `, one-to-one ${s.one_to_one.precision}/${s.one_to_one.recall}/${s.one_to_one.f1}` : '');

// Piped into `head`, stdout closes early: stop quietly instead of dying with EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const results: Record<string, unknown>[] = [];
for (const people of scales) {
  const dir = path.join(root, `${seed}-${profile}-${people}`);
  const meta = path.join(dir, 'meta.json');
  if (!fs.existsSync(meta)) {
    fs.mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const counts = writeLinkageFiles(dir, { seed, people, profile });
    fs.writeFileSync(meta, JSON.stringify({ ...counts, seconds: (performance.now() - started) / 1000 }));
  }
  const counts = JSON.parse(fs.readFileSync(meta, 'utf8')) as {
    registry: number;
    beneficiaries: number;
    truth: number;
  };
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
    '--keep-dropped',
    '--json',
  ]);
  const entasJson = JSON.parse(lastLine(entas.stdout)) as { peak_rss_mb: number; candidate_pairs: number };
  const entasScore = score(entasOut, truth);
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
    row.reference = score(refOut, truth);
    row.ratio = Number((entas.seconds / ref.seconds).toFixed(3));
  }
  results.push(row);
  process.stdout.write(
    `${people} people (${profile}, ${counts.beneficiaries} list rows, ${counts.truth} true pairs):\n` +
      `  entas ${entas.seconds.toFixed(1)} s, peak RSS ${entasJson.peak_rss_mb} MiB, ${brief(entasScore)}\n` +
      (row.reference_seconds !== undefined
        ? `  reference ${(row.reference_seconds as number).toFixed(1)} s, ${brief(row.reference as Score)}; time ratio entas/reference ${String(row.ratio)}\n`
        : '') +
      `  calibration (band: pairs, predicted → observed): ${entasScore.calibration.map((b) => `${b.band}: ${b.pairs}, ${b.predicted} → ${b.observed}`).join('; ')}\n`,
  );
}
process.stdout.write(JSON.stringify({ bench: 'link', seed, profile, results }) + '\n');

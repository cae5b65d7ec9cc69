/**
 * npm run bench:evaluate [-- --rows N] [-- --groups G] — `entas evaluate ols` on N rows (default 100,000) with
 * one regressor and G village fixed effects (default 50), CR1 clustered by 1,000 clusters.
 *
 * Measures in one run: the whole estimate (parse, design, fit, CR1) and the QR of the design two ways — block by
 * block (src/evaluation/least-squares.ts, what entas uses) and ml-matrix's QR of the whole matrix in one piece
 * (reference). Ratio = entas QR time / reference time (below 1 is faster). Asserts both give the same R′R and
 * that the fitted slope is the planted 2 ± 0.01. Prints JSON as the last line.
 */
import { Matrix, QrDecomposition } from 'ml-matrix';
import type { TextTable } from '../src/evaluation/design.js';
import { triangularFit } from '../src/evaluation/least-squares.js';
import { regress } from '../src/evaluation/regress.js';
import { helpOnRequest } from './bench-help.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:evaluate [-- options]',
  about: [
    '`entas evaluate ols` on N rows with one regressor and G village fixed effects, CR1 clustered; the QR of the',
    "design block by block against ml-matrix's QR of the whole matrix (reference). Prints JSON as the last line.",
  ],
  options: [
    ['--rows N', 'rows (default 100000)'],
    ['--groups G', 'village fixed effects (default 50)'],
  ],
});
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const N = Number(option('rows') ?? 100_000);
const G = Number(option('groups') ?? 50);

const columns = { y: [] as string[], x: [] as string[], village: [] as string[], cluster: [] as string[] };
for (let i = 0; i < N; i++) {
  const g = i % G;
  const x = Math.sin(i);
  columns.y.push(String(g + 2 * x + Math.cos(i * 7)));
  columns.x.push(String(x));
  columns.village.push(`v${g}`);
  columns.cluster.push(`c${i % 1000}`);
}
const table: TextTable = {
  source: 'bench',
  headers: Object.keys(columns),
  columns: new Map(Object.entries(columns)),
};

const time = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const result = run();
  return [result, performance.now() - start];
};

const [result, estimateMs] = time(() => regress(table, 'y ~ x + factor(village)', { cluster: 'cluster' }));
const slope = result.coefficients.find((c) => c.term === 'x')!.estimate;
if (Math.abs(slope - 2) > 0.01) throw new Error(`slope ${slope}, planted 2`);

const k = G + 1;
const x = new Matrix(N, k);
for (let i = 0; i < N; i++) {
  x.set(i, 0, 1);
  x.set(i, 1, Math.sin(i));
  const g = i % G;
  if (g > 0) x.set(i, g + 1, 1);
}
const y = Array.from({ length: N }, (_, i) => Number(columns.y[i]));
const [blocked, blockedMs] = time(() => triangularFit(x, y).r);
const [whole, wholeMs] = time(() => new QrDecomposition(x).upperTriangularMatrix);
const a = blocked.transpose().mmul(blocked);
const b = whole.transpose().mmul(whole);
for (let i = 0; i < k; i++)
  for (let j = 0; j < k; j++)
    if (Math.abs(a.get(i, j) - b.get(i, j)) > 1e-6 * Math.max(1, Math.abs(b.get(i, j))))
      throw new Error(`R′R differs at ${i},${j}`);

const summary = {
  rows: N,
  columns: k,
  clusters: result.clusters,
  estimate_ms: Math.round(estimateMs),
  qr_blocked_ms: Math.round(blockedMs),
  qr_one_piece_ms: Math.round(wholeMs),
  qr_ratio: Number((blockedMs / wholeMs).toFixed(3)),
};
console.log(
  `${N} rows × ${k} columns, CR1 on ${result.clusters} clusters: estimate ${summary.estimate_ms} ms; ` +
    `QR block by block ${summary.qr_blocked_ms} ms vs one piece ${summary.qr_one_piece_ms} ms (ratio ${summary.qr_ratio})`,
);
console.log(JSON.stringify(summary));

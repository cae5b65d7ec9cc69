#!/usr/bin/env node
// Precision / recall / F1 of a links CSV (left_id,right_id,match_probability) against truth.csv, at p >= 0.5.
import fs from 'node:fs';
const [linksF, truthF] = process.argv.slice(2);
const rows = (f) =>
  fs
    .readFileSync(f, 'utf8')
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
const [lh, ...links] = rows(linksF);
const li = lh.indexOf('left_id'),
  ri = lh.indexOf('right_id'),
  pi = lh.indexOf('match_probability');
if (li < 0 || ri < 0 || pi < 0) {
  console.log('links file lacks left_id,right_id,match_probability');
  process.exit(1);
}
const truth = new Set(
  rows(truthF)
    .slice(1)
    .map(([a, b]) => `${a}|${b}`),
);
const found = new Set(links.filter((r) => Number(r[pi]) >= 0.5).map((r) => `${r[li]}|${r[ri]}`));
let tp = 0;
for (const k of found) if (truth.has(k)) tp++;
const p = found.size ? tp / found.size : 0,
  r = tp / truth.size,
  f1 = p + r ? (2 * p * r) / (p + r) : 0;
console.log(
  JSON.stringify({
    precision: +p.toFixed(4),
    recall: +r.toFixed(4),
    f1: +f1.toFixed(4),
    predicted: found.size,
    true_pairs: truth.size,
  }),
);

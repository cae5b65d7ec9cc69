/**
 * npm run bench:pprl [-- --people 20000] [--seed s]
 *
 * What the privacy-preserving mode (`entas link --pprl --key-file K`) costs in accuracy: FEBRL4 (with its
 * settings) and the Indonesian-style generator (person preset, one-to-one) are linked twice on the same files,
 * plain and encoded with a random key, in this process without the worker thread (both modes alike). Prints
 * precision/recall/F1 of both, the F1 lost, and both wall times (a loaded machine: compare the ratio).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateFiles } from '../src/linkage/evaluate-files.js';
import { linkFiles } from '../src/linkage/linkage-run.js';
import { writeLinkageFiles } from '../src/linkage/synthetic/write-person-lists.js';
import { helpOnRequest } from './bench-help.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:pprl [-- options]',
  about: [
    'What privacy-preserving linkage costs in accuracy: FEBRL4 and the Indonesian-style generator linked plain',
    'and encoded; precision/recall/F1 of both and their wall times.',
  ],
  options: [
    ['--people N', 'people in the generated files (default 20000)'],
    ['--seed S', 'generator seed (default bench-pprl-1)'],
  ],
});
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const people = Number(option('people', '20000'));
const seed = option('seed', 'bench-pprl-1');
const dir = fs.mkdtempSync('/tmp/entas-bench-pprl-');
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const testdata = path.join(repo, 'src', 'linkage', 'testdata');
const keyFile = path.join(dir, 'key');
fs.writeFileSync(keyFile, randomBytes(32));

// FEBRL4's truth: rec-N-org in the left file is rec-N-dup-0 in the right one.
const febrlTruth = path.join(dir, 'febrl4-truth.csv');
const leftIds = fs
  .readFileSync(path.join(testdata, 'febrl4a.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split(',')[0]!)
  .filter(Boolean);
fs.writeFileSync(
  febrlTruth,
  'left_id,right_id\n' + leftIds.map((id) => `${id},${id.replace('-org', '-dup-0')}`).join('\n') + '\n',
);
const generated = writeLinkageFiles(dir, { seed, people });

const sets = [
  {
    name: 'FEBRL4',
    left: path.join(testdata, 'febrl4a.csv'),
    right: path.join(testdata, 'febrl4b.csv'),
    settings: path.join(testdata, 'febrl4-settings.json'),
    truth: febrlTruth,
    oneToOne: false,
  },
  {
    name: `generator ${people}`,
    left: generated.files.left,
    right: generated.files.right,
    settings: undefined,
    truth: generated.files.truth,
    oneToOne: true,
  },
];
const round = (x: number) => Number(x.toFixed(4));
for (const set of sets) {
  const row: Record<string, unknown> = { set: set.name };
  for (const mode of ['plain', 'pprl'] as const) {
    const out = path.join(dir, `${set.name.replace(/\W+/g, '-')}-${mode}.csv`);
    const started = performance.now();
    await linkFiles({
      left: set.left,
      right: set.right,
      settings: set.settings,
      out,
      oneToOne: set.oneToOne,
      parallel: false,
      ...(mode === 'pprl' ? { keyFile } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const q = evaluateFiles(out, set.truth, 0.5);
    row[mode] = {
      precision: round(q.precision),
      recall: round(q.recall),
      f1: round(q.f1),
      seconds: round(seconds),
    };
  }
  const plain = row.plain as { f1: number; seconds: number };
  const pprl = row.pprl as { f1: number; seconds: number };
  row.f1_lost = round(plain.f1 - pprl.f1);
  row.time_ratio = round(pprl.seconds / plain.seconds);
  process.stdout.write(JSON.stringify(row) + '\n');
}
fs.rmSync(dir, { recursive: true, force: true });

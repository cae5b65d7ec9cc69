import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-pilot-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

/** 30 villages in three regencies, with two baseline covariates. */
const clusters = file(
  'clusters.csv',
  'village_code;regency;poor_share\n' +
    Array.from({ length: 30 }, (_, i) => `53.0${i % 3}.01.${2001 + i};53.0${i % 3};0.${10 + i}`).join('\n') +
    '\n',
);

const randomizeArgs = (out: string, seed: string, extra: string[] = []) => [
  'pilot',
  'randomize',
  '--clusters',
  clusters,
  '--id',
  'village_code',
  '--strata',
  'regency',
  '--treated-share',
  '0.5',
  '--seed',
  seed,
  '--out',
  out,
  ...extra,
];

interface Summary {
  seed: number;
  input: { sha256: string; rows: number };
  output: { sha256: string };
  code_version: string;
  treated: number;
  strata: { treated: number; clusters: number }[];
  wave_sizes: number[] | null;
  balance: { covariate: string; smd: number | null; warning: boolean }[] | null;
}

describe('entas pilot randomize', () => {
  it('writes every input row in order plus arm, byte-identical for the same seed, different for another', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    const c = path.join(dir, 'c.csv');
    const first = await entas([...randomizeArgs(a, '42', ['--balance', 'poor_share']), '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = lastJson(first.stdout) as Summary;
    expect(summary.input.sha256).toBe(
      crypto.createHash('sha256').update(fs.readFileSync(clusters)).digest('hex'),
    );
    expect(summary).toMatchObject({
      seed: 42,
      treated: 15,
      code_version: 'entas 0.1.0',
      input: { rows: 30 },
    });
    expect(summary.strata.map((s) => s.treated)).toEqual([5, 5, 5]);
    expect(summary.balance![0]).toMatchObject({ covariate: 'poor_share' });
    const lines = fs
      .readFileSync(a, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('village_code,regency,poor_share,arm');
    const input = fs.readFileSync(clusters, 'utf8').trim().split('\n').slice(1);
    lines.slice(1).forEach((line, i) => {
      expect(line.split(',').slice(0, 3).join(';')).toBe(input[i]);
      expect(['treatment', 'control']).toContain(line.split(',')[3]);
    });
    expect(summary.output.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(a)).digest('hex'));
    await entas(randomizeArgs(b, '42', ['--balance', 'poor_share']));
    expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
    await entas(randomizeArgs(c, '43'));
    expect(fs.readFileSync(c, 'utf8')).not.toBe(fs.readFileSync(a, 'utf8'));
  });

  it('deals treated clusters to waves balanced within strata', async () => {
    const out = path.join(dir, 'waves.csv');
    const result = await entas([...randomizeArgs(out, '5', ['--waves', '2']), '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect([...(lastJson(result.stdout) as Summary).wave_sizes!].sort()).toEqual([7, 8]);
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const waves = rows.filter((r) => r[3] === 'treatment').map((r) => r[4]);
    expect(waves.filter((w) => w === '1').length + waves.filter((w) => w === '2').length).toBe(15);
    expect(Math.abs(waves.filter((w) => w === '1').length - waves.filter((w) => w === '2').length)).toBe(1);
    expect(rows.filter((r) => r[3] === 'control').every((r) => r[4] === '')).toBe(true);
  });

  it('names the line and column of bad input', async () => {
    const out = path.join(dir, 'bad-out.csv');
    const run = (name: string, text: string, extra: string[] = []) =>
      entas([
        'pilot',
        'randomize',
        '--clusters',
        file(name, text),
        '--id',
        'id',
        '--strata',
        'stratum',
        '--treated-share',
        '0.5',
        '--seed',
        '1',
        '--out',
        out,
        ...extra,
      ]);
    const cases: [string, string, string][] = [
      ['missing.csv', 'code,stratum\na,x\n', 'line 1: column "id" (--id) is missing'],
      ['duplicate.csv', 'id,stratum\na,x\nb,x\na,y\n', 'line 4: column "id" repeats id "a" of line 2'],
      ['empty-id.csv', 'id,stratum\na,x\n,x\n', 'line 3: column "id" is empty'],
      ['empty-stratum.csv', 'id,stratum\na,x\nb,\n', 'line 3: column "stratum" is empty'],
      ['short.csv', 'id,stratum\na,x\nb\n', 'line 3: column "stratum" is missing'],
    ];
    for (const [name, text, message] of cases) {
      const result = await run(name, text);
      expect(result.code, name).toBe(2);
      expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(result.stderr).toContain(`entas: ${name}: ${message}`);
    }
    expect(fs.existsSync(out)).toBe(false);
    const notNumber = await run('nan.csv', 'id,stratum,size\na,x,12\nb,x,n/a\n', ['--balance', 'size']);
    expect(notNumber.stderr).toContain('line 3: column "size" "n/a" is not a number');
  });
});

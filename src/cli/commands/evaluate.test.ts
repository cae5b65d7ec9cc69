import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import type { DidResult } from '../../evaluation/did.js';
import type { Coefficient } from '../../evaluation/ols.js';
import type { StaggeredResult } from '../../evaluation/staggered.js';
import { CARD_KRUEGER, FEW_CLUSTERS, STAGGERED_PANEL } from '../../evaluation/testdata/tables.js';

interface Output {
  n: number;
  clusters: number | null;
  se_type: string;
  dropped: number;
  coefficients: Coefficient[];
}

describe('entas evaluate ols (no database needed)', () => {
  it('prints the documented JSON: Card & Krueger with CR1 clustered by store', async () => {
    const result = await entas([
      'evaluate',
      'ols',
      '--data',
      CARD_KRUEGER,
      '--formula',
      'fte ~ nj + d + nj:d',
      '--se',
      'cr1',
      '--cluster',
      'id',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = lastJson(result.stdout) as Output;
    expect(output).toMatchObject({ n: 794, clusters: 410, se_type: 'cr1', dropped: 26 });
    expect(output.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'nj', 'd', 'nj:d']);
    const did = output.coefficients[3]!;
    expect(Object.keys(did)).toEqual(['term', 'estimate', 'se', 't', 'p', 'ci_low', 'ci_high']);
    expect([did.estimate.toFixed(4), did.se.toFixed(4)]).toEqual(['2.7536', '1.3066']);
  });

  it('prints a table for people', async () => {
    const result = await entas(['evaluate', 'ols', '--data', CARD_KRUEGER, '--formula', 'fte ~ nj*d']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'n = 794 (26 rows dropped for missing values); classical standard errors',
    );
    expect(result.stdout).toMatch(/nj:d\s+2\.7536\s+1\.6884/);
  });

  it('fails with one line naming the row and column of a bad value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entas-evaluate-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'y,x\n1,0\n2,abc\n3,1\n');
    const result = await entas(['evaluate', 'ols', '--data', file, '--formula', 'y ~ x', '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`entas: ${file}: row 3: column "x" is not a number ("abc")\n`);
    const formula = await entas(['evaluate', 'ols', '--data', file, '--formula', 'y ~ x +']);
    expect(formula.code).toBe(2);
    expect(formula.stderr.trim().split('\n')).toEqual([
      'entas: formula: expected a column name or factor(column) at position 8, found end of formula',
    ]);
  });

  it('answers --help', async () => {
    const result = await entas(['evaluate', 'ols', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--cluster <column>');
  });
});

describe('entas evaluate did', () => {
  it('prints Card & Krueger 2.7536 (CR1 1.3066) with a seeded wild cluster bootstrap p', async () => {
    const args = [
      'evaluate',
      'did',
      '--data',
      CARD_KRUEGER,
      '--outcome',
      'fte',
      '--treat',
      'nj',
      '--post',
      'd',
    ];
    const result = await entas([
      ...args,
      '--cluster',
      'id',
      '--wild-bootstrap',
      '999',
      '--seed',
      '5',
      '--json',
    ]);
    expect(result.stderr).toBe('');
    const output = lastJson(result.stdout) as DidResult;
    expect(output).toMatchObject({ n: 794, clusters: 410, se_type: 'cr1', df: 409 });
    expect([output.effect.estimate.toFixed(4), output.effect.se.toFixed(4)]).toEqual(['2.7536', '1.3066']);
    expect(output.wild_bootstrap).toMatchObject({
      weights: 'webb',
      draws: 999,
      enumerated: false,
      seed: '5',
    });
    expect(output.wild_bootstrap!.p).toBeGreaterThan(0.01);
    expect(output.wild_bootstrap!.p).toBeLessThan(0.07);
    const text = await entas([...args, '--lang', 'id']);
    expect(text.stdout).toContain('rata-rata: kontrol 23.3312 → 21.1656; perlakuan 20.4394 → 21.0274');
    expect(text.stdout).toContain('efek 2.7536 (galat baku hc1 1.7955');
    const bad = await entas([...args, '--cluster', 'id', '--wild-bootstrap', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('entas: --wild-bootstrap must be a whole number of at least 99, got "many"\n');
  });
});

describe('entas evaluate staggered', () => {
  it("prints Callaway–Sant'Anna cells and aggregations as JSON and as a table", async () => {
    const args = ['evaluate', 'staggered', '--data', STAGGERED_PANEL, '--unit', 'unit', '--time', 'year'];
    const full = [...args, '--group', 'first_treated', '--outcome', 'y'];
    const result = await entas([...full, '--json']);
    expect(result.stderr).toBe('');
    const output = lastJson(result.stdout) as StaggeredResult;
    expect(output).toMatchObject({ units: 200, never_treated: 60, control: 'never', se_method: 'analytic' });
    expect(output.cells).toHaveLength(20);
    // The numpy reference (testdata/reference.json): simple ATT 0.7343201482905983, SE 0.1254840968978087.
    expect(output.simple.att).toBeCloseTo(0.7343201482905983, 9);
    expect(output.simple.se).toBeCloseTo(0.1254840968978087, 9);
    const text = await entas([...full, '--control', 'notyet', '--lang', 'id']);
    expect(text.stdout).toMatch(/sederhana\s+0\.7117\s+0\.1277/);
    const bad = await entas([...full, '--control', 'later']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('entas: --control: "later" is not one of never, notyet\n');
  });
});

describe('entas evaluate ri', () => {
  it('enumerates the 70 village assignments and prints the exact p of the numpy reference (0.6286)', async () => {
    const args = ['evaluate', 'ri', '--data', FEW_CLUSTERS, '--formula', 'y ~ treat + x', '--treat', 'treat'];
    const result = await entas([...args, '--cluster', 'village', '--json']);
    expect(result.stderr).toBe('');
    expect(lastJson(result.stdout)).toMatchObject({ draws: 70, enumerated: true, units: 8, p: 44 / 70 });
    const text = await entas([...args, '--cluster', 'village', '--strata', 'stratum']);
    expect(text.stdout).toContain(
      'randomisation p 0.5556 (coefficient, all 36 assignments; 8 units of assignment in 2 strata)',
    );
  });
});

describe('entas evaluate index', () => {
  it('writes the Anderson index of every row and prints the weights', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'entas-index-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'index.csv');
    const args = ['evaluate', 'index', '--data', FEW_CLUSTERS, '--outcomes', 'z1,z2,z3', '--treat', 'treat'];
    const result = await entas([...args, '--id', 'village', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    const output = lastJson(result.stdout) as { method: string; rows: number; control_mean: number };
    expect(output).toMatchObject({ method: 'anderson', out });
    expect(output.control_mean).toBeCloseTo(0, 12);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('village,index_anderson');
    expect(lines).toHaveLength(output.rows + 1);
    expect(lines[1]!.startsWith('1,')).toBe(true);
    const bad = await entas([...args, '--method', 'pca']);
    expect(bad.stderr).toBe('entas: --method: "pca" is not one of anderson, klk\n');
  });
});

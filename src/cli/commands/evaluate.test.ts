import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import type { DidResult } from '../../evaluation/did.js';
import type { Coefficient } from '../../evaluation/ols.js';
import { CARD_KRUEGER } from '../../evaluation/testdata/tables.js';

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

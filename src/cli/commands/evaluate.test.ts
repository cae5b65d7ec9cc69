import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
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

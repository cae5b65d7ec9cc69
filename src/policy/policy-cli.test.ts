import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/test-database.js';
import { buildCooperative, buildHousehold } from './test-builders.js';
import { entas, lastJson } from '../testing/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-policy-cli-'));

describe('entas policy validate', () => {
  it('exits 0 for the default policy', async () => {
    const r = await entas(['policy', 'validate', 'policies/default.yaml', '--json']);
    expect(r.code).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({
      valid: true,
      policy: { id: 'kopdes-default', version: 1, rules: 5 },
      errors: [],
    });
  });

  it('exits 1 and names line and column of each error', async () => {
    const file = path.join(dir, 'broken.yaml');
    const text = fs
      .readFileSync('policies/default.yaml', 'utf8')
      .replace(
        'household.decile <= params.eligible_max_decile\n',
        'household.desil <= params.eligible_max_decile\n',
      )
      .replace('treatment: TINJAU_GRADUASI', 'treatment: TINJAU');
    fs.writeFileSync(file, text);
    const lines = text.split('\n');
    const whenLine = lines.findIndex((l) => l.includes('household.desil')) + 1;
    const col = (lines[whenLine - 1] ?? '').indexOf('desil') + 1;
    const r = await entas(['policy', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}:${whenLine}:${col}: error unknown_field: No such key: desil`);
    expect(r.stdout).toMatch(/error unknown_treatment: unknown treatment code "TINJAU"/);
    // An invalid policy can never be simulated.
    const sim = await entas(['policy', 'simulate', '--policy', file, '--json']);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain(`${file}:`);
  });
});

describe.each(testEngines())('entas policy simulate/apply and explain on %s', (kind) => {
  let testDb: TestDatabase;
  let household = 0;
  beforeAll(async () => {
    testDb = await createTestDatabase(kind);
    const database = await testDb.open();
    await buildCooperative(database.db, { village: '53.01.05.1001' });
    household = await buildHousehold(database.db, {
      village: '53.01.05.1001',
      decile: 2,
      members: [{ birth: '1990-01-01' }],
    });
    await buildHousehold(database.db, {
      village: '53.01.05.1001',
      decile: 9,
      members: [{ birth: '1990-01-01' }],
    });
    await database.close();
  });
  afterAll(async () => testDb.dispose());

  it('simulates, applies and explains', async () => {
    const env = testDb.env;
    const sim = await entas(
      [
        'policy',
        'simulate',
        '--policy',
        'policies/default.yaml',
        '--against',
        'policies/default.yaml',
        '--json',
      ],
      env,
    );
    expect(sim.code).toBe(0);
    expect(lastJson(sim.stdout)).toMatchObject({
      households: 2,
      by_treatment: { ANGGOTA_MODAL_PENDAMPINGAN: 1, TIDAK_SASARAN: 1 },
      comparison: { households_changed: 0 },
    });
    const apply = await entas(
      ['policy', 'apply', '--policy', 'policies/default.yaml', '--effective', '2026-07-01', '--json'],
      env,
    );
    expect(apply.code).toBe(0);
    expect(lastJson(apply.stdout)).toMatchObject({ households: 2, cooperatives: { village: 1 } });
    const bad = await entas(
      ['policy', 'apply', '--policy', 'policies/default.yaml', '--effective', '2026-13-01'],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --effective "2026-13-01"');
    const explain = await entas(['explain', String(household), '--lang', 'en'], env);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toContain(
      'Cooperative member + business capital + mentoring (ANGGOTA_MODAL_PENDAMPINGAN) by rule 3 "termiskin-produktif"',
    );
    const csv = path.join(dir, `rank-${kind}.csv`);
    const rank = await entas(['villages', 'rank', '--top', '5', '--export', csv, '--json'], env);
    expect(rank.code).toBe(0);
    expect(fs.readFileSync(csv, 'utf8').split('\n')[1]).toMatch(/^1,53\.01\.05\.1001,/);
    const report = await entas(['report', 'targeting', '--json'], env);
    expect(report.code).toBe(0);
    expect(lastJson(report.stdout)).toMatchObject({ programs: [] });
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../demo/run-demo.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

describe.each(testEngines())('entas link run / link runs on %s', (kind) => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    const database = await testDatabase.open();
    try {
      await runDemo(database, { province: '53', households: 80, seed: 'cli' });
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(async () => {
    await testDatabase.dispose();
  });

  it('links the demo rows, prints the summary as the last JSON line, and lists the run', async () => {
    const run = await entas(['link', 'run', '--source', 'bansos', '--json'], testDatabase.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/blocking \[nik\]: \d+ pairs/);
    const s = lastJson(run.stdout) as {
      run_id: number;
      compared: Record<string, number>;
      linked: Record<string, number>;
      unlinked: number;
      quality: { f1: number; rows: number };
    };
    expect(Object.keys(s.compared)).toEqual(['program_enrolments']);
    expect(s.linked.program_enrolments! + s.unlinked).toBe(s.compared.program_enrolments);
    expect(s.quality.rows).toBe(s.compared.program_enrolments);

    const runs = await entas(['link', 'runs', '--json'], testDatabase.env);
    expect(runs.code, runs.stderr).toBe(0);
    const list = lastJson(runs.stdout) as { id: number; right_source: string; quality: { f1: number } }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: s.run_id,
      right_source: 'program_enrolments',
      quality: { f1: s.quality.f1 },
    });
  }, 120_000);

  it('rejects an unknown source in one line, exit 2', async () => {
    const bad = await entas(['link', 'run', '--source', 'pkh'], testDatabase.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('entas: --source must be bansos, members or all, got "pkh"');
  });
});

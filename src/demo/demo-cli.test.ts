import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines, type TestDatabase } from '../testing/test-database.js';
import { entas, lastJson } from '../testing/cli.js';

describe.each(testEngines())('entas demo CLI on %s', (kind) => {
  let testDatabase: TestDatabase;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await testDatabase.dispose();
  });

  it('prints the summary as the last JSON line, refuses a second run, and --replace reproduces it', async () => {
    const args = ['demo', '--province', '31', '--households', '60', '--seed', '5', '--no-link', '--json'];
    const first = await entas(args, testDatabase.env);
    expect(first.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(first.code, first.stderr).toBe(0);
    const summary = lastJson(first.stdout) as { households: number; province: string; cooperatives: number };
    expect(summary).toMatchObject({ province: '31', households: 60 });
    expect(summary.cooperatives).toBeGreaterThan(200);

    const refused = await entas(args, testDatabase.env);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^entas: demo data for province 31 already exists .*--replace/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    const replaced = await entas([...args, '--replace'], testDatabase.env);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(lastJson(replaced.stdout)).toEqual(summary);
    // Progress goes to stderr as JSON lines when not on a terminal; stdout's last line stays the result.
    expect(replaced.stderr).toMatch(/"progress":"demo"/);
  }, 240_000); // three CLI processes, each starting its own database engine

  it('links the demo rows and applies the default policy by default, so reports show a working system', async () => {
    const env = { ...testDatabase.env };
    const done = await entas(['demo', '--province', '32', '--households', '60', '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    const result = lastJson(done.stdout) as {
      households: number;
      linkage: { run_id: number; linked: number };
      policy: { id: string; households: number };
    };
    expect(result.linkage.run_id).toBeGreaterThan(0);
    expect(result.linkage.linked).toBeGreaterThan(0);
    expect(result.policy).toMatchObject({ id: 'kopdes-default', households: 60 });
    const database = await testDatabase.open();
    try {
      const { rows } = await sql<{ decisions: number; linked: number }>`
        SELECT (SELECT count(*)::int FROM policy_decisions d JOIN households h ON h.id = d.household_id
                 WHERE h.village_code LIKE '32.%' AND d.superseded_by IS NULL) AS decisions,
               (SELECT count(*)::int FROM program_enrolments WHERE village_code LIKE '32.%' AND person_id IS NOT NULL) AS linked`.execute(
        database.db,
      );
      expect(rows[0]).toMatchObject({ decisions: 60 });
      expect(rows[0]!.linked).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  }, 240_000);

  it('rejects an unknown province and a malformed size in one line, exit 2', async () => {
    const unknown = await entas(['demo', '--province', '99', '--json'], testDatabase.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('entas: province 99 is not a known province code (e.g. 53)');
    const size = await entas(['demo', '--households', 'many'], testDatabase.env);
    expect(size.code).toBe(2);
    expect(size.stderr.trim()).toBe('entas: --households "many" is not a whole number');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localActor } from '../../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { importFile } from '../import-service.js';
import { dtsenRow, kk, nik, TODAY, toCsv } from '../testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-dtsen-store-test-'));

describe.each(testEngines())('DTSEN merge on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (name: string, rows: Record<string, string>[], snapshotDate: string) => {
    const file = path.join(dir, `${kind}-${name}`);
    fs.writeFileSync(file, toCsv(rows));
    return importFile(ctx.database, {
      profile: 'dtsen',
      path: file,
      actor: localActor('tester'),
      options: { today: TODAY, snapshotDate, rejectsDir: dir },
    });
  };
  const batches = async () =>
    (await ctx.database.db.selectFrom('source_batches').select('id').execute()).length;

  it('imports nothing when a matched household is gone by the time it is updated', async () => {
    const person = (household: number, decile: string) =>
      dtsenRow({ NO_KK: kk(household), NIK: nik('1980-08-01', 'L', household), DESIL: decile });
    await run('q1.csv', [person(1, '3'), person(2, '2')], '2026-01-31');
    // Stands in for another transaction deleting household 1 after the merge matched it: its update finds no row.
    await ctx.database.exec(`
      CREATE FUNCTION skip_household_update() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RETURN CASE WHEN OLD.kk = '${kk(1)}' THEN NULL ELSE NEW END; END $$;
      CREATE TRIGGER skip_household_update BEFORE UPDATE ON households
        FOR EACH ROW EXECUTE FUNCTION skip_household_update()`);
    const before = await batches();
    const next = [person(1, '5'), person(3, '2')];
    await expect(run('q2.csv', next, '2026-04-30')).rejects.toThrow(
      /1 household\(s\) of this extract were deleted while it was being imported; nothing was imported/,
    );
    expect(await batches()).toBe(before);
    await ctx.database.exec(`DROP TRIGGER skip_household_update ON households`);
    const again = await run('q2.csv', next, '2026-04-30');
    expect(again.changes).toMatchObject({ households_created: 1, households_updated: 1 });
  });
});

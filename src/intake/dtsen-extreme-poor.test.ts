import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { importFile } from './import-service.js';
import { dtsenRow, kk, nik, TODAY, toCsv } from './testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-extreme-poor-test-'));

/** A household of one head with the given No. KK serial and extreme-poor cell (header chosen by the caller). */
const head = (serial: number, extra: Record<string, string>) =>
  dtsenRow({ NO_KK: kk(serial), NIK: nik('1980-08-01', 'L', serial), ...extra });

describe.each(testEngines())('DTSEN miskin ekstrem flag on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (name: string, csv: string, snapshotDate: string) => {
    const file = path.join(dir, `${name}-${kind}.csv`);
    fs.writeFileSync(file, csv);
    return importFile(ctx.database, {
      profile: 'dtsen',
      path: file,
      actor: localActor('test'),
      options: { today: TODAY, snapshotDate, rejectsDir: dir },
    });
  };
  const flags = async (): Promise<Record<string, boolean | null>> => {
    const rows = await ctx.database.db.selectFrom('households').select(['kk', 'extreme_poor']).execute();
    return Object.fromEntries(rows.map((r) => [r.kk ?? '', r.extreme_poor]));
  };

  it('stores MISKIN_EKSTREM (1/0/YA/TIDAK, empty = unknown) on the household and follows later extracts', async () => {
    const first = await run(
      'first',
      toCsv([
        head(1, { MISKIN_EKSTREM: 'YA' }),
        head(2, { MISKIN_EKSTREM: '0' }),
        head(3, { MISKIN_EKSTREM: '' }),
        head(4, { MISKIN_EKSTREM: '1' }),
        head(5, { MISKIN_EKSTREM: 'mungkin' }),
      ]),
      '2026-03-31',
    );
    expect(first).toMatchObject({ accepted: 4, rejected: 1 });
    expect(await flags()).toEqual({ [kk(1)]: true, [kk(2)]: false, [kk(3)]: null, [kk(4)]: true });

    // A later extract under another header name: the flag follows the newest snapshot.
    await run(
      'second',
      toCsv([head(1, { KEMISKINAN_EKSTREM: 'TIDAK' }), head(3, { KEMISKINAN_EKSTREM: 'Ya' })]),
      '2026-06-30',
    );
    expect(await flags()).toMatchObject({ [kk(1)]: false, [kk(2)]: false, [kk(3)]: true, [kk(4)]: true });
  });
});

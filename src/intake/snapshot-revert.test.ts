import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { importFile } from './import-service.js';
import { revertBatch } from './revert-service.js';
import { dtsenRow, kk, nik, TODAY, toCsv } from './testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-snapshot-test-'));

const head = dtsenRow({
  NO_KK: kk(1),
  NIK: nik('1970-01-10', 'L', 1),
  NAMA: 'Slamet Riyadi',
  TANGGAL_LAHIR: '1970-01-10',
  DESIL: '3',
});
const wife = dtsenRow({
  NO_KK: kk(1),
  NIK: '',
  NAMA: 'Hj. Sumarni',
  JENIS_KELAMIN: 'P',
  TANGGAL_LAHIR: '1972-05-05',
  HUBUNGAN_KELUARGA: '3',
  DESIL: '3',
});
const son = dtsenRow({
  NO_KK: kk(1),
  NIK: nik('2001-07-07', 'L', 3),
  NAMA: 'Joko',
  TANGGAL_LAHIR: '2001-07-07',
  HUBUNGAN_KELUARGA: '4',
  DESIL: '3',
});
const other = dtsenRow({
  NO_KK: kk(2),
  NIK: nik('1988-02-02', 'P', 4),
  NAMA: 'Dewi',
  JENIS_KELAMIN: 'P',
  TANGGAL_LAHIR: '1988-02-02',
  DESIL: '1',
});

// The next quarter: household 1 graduates to decile 5, the son moved out, a grandchild was born; the wife
// (no NIK) is matched by normalised name + birth date; a new household 3 appears.
const extract2 = [
  { ...head, DESIL: '5', PEKERJAAN: 'pedagang' },
  { ...wife, NAMA: 'Sumarni', DESIL: '5' },
  dtsenRow({
    NO_KK: kk(1),
    NIK: nik('2026-01-15', 'P', 5),
    NAMA: 'Putri',
    JENIS_KELAMIN: 'P',
    TANGGAL_LAHIR: '2026-01-15',
    HUBUNGAN_KELUARGA: '6',
    DESIL: '5',
  }),
  other,
  dtsenRow({
    NO_KK: kk(3),
    NIK: nik('1990-09-09', 'L', 6),
    NAMA: 'Bayu',
    TANGGAL_LAHIR: '1990-09-09',
    DESIL: '4',
  }),
];

describe.each(testEngines())('DTSEN snapshots and revert on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (name: string, text: string, snapshotDate?: string) => {
    const file = path.join(dir, `${kind}-${name}`);
    fs.writeFileSync(file, text);
    return importFile(ctx.database, {
      profile: 'dtsen',
      path: file,
      actor: localActor('tester'),
      options: { today: TODAY, rejectsDir: dir, ...(snapshotDate ? { snapshotDate } : {}) },
    });
  };
  const batchCount = async () =>
    (
      await ctx.database.db
        .selectFrom('source_batches')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const household = (serial: number) =>
    ctx.database.db.selectFrom('households').selectAll().where('kk', '=', kk(serial)).executeTakeFirst();
  const members = async (serial: number) => {
    const h = await household(serial);
    const rows = await ctx.database.db
      .selectFrom('persons')
      .select('name')
      .where('household_id', '=', h!.id)
      .orderBy('name')
      .execute();
    return rows.map((r) => r.name);
  };
  let first = 0;
  let second = 0;

  it('keeps each extract as a snapshot; the household shows the newest', async () => {
    first = (await run('q1.csv', toCsv([head, wife, son, other]), '2026-01-31')).batch_id;
    const r2 = await run('q2.csv', toCsv(extract2), '2026-04-30');
    second = r2.batch_id;
    expect(r2.changes).toEqual({
      households_created: 1,
      households_updated: 2,
      persons_created: 2,
      persons_updated: 3,
      persons_departed: 1,
    });
    const h1 = await household(1);
    expect([h1!.decile, h1!.snapshot_date]).toEqual([5, '2026-04-30']);
    expect(await members(1)).toEqual(['Putri', 'Slamet Riyadi', 'Sumarni']);
    const history = await ctx.database.db
      .selectFrom('household_snapshots')
      .select(['batch_id', 'snapshot_date', 'decile', 'member_count'])
      .where('household_id', '=', h1!.id)
      .orderBy('snapshot_date')
      .execute();
    expect(history).toEqual([
      { batch_id: first, snapshot_date: '2026-01-31', decile: 3, member_count: 3 },
      { batch_id: second, snapshot_date: '2026-04-30', decile: 5, member_count: 3 },
    ]);
    const joko = await ctx.database.db
      .selectFrom('persons')
      .select(['household_id', 'batch_id'])
      .where('name', '=', 'Joko')
      .executeTakeFirstOrThrow();
    expect(joko).toEqual({ household_id: null, batch_id: first });
    const wifeRow = await ctx.database.db
      .selectFrom('persons')
      .select(['name', 'batch_id'])
      .where('name_normalized', '=', 'sumarni')
      .execute();
    expect(wifeRow).toEqual([{ name: 'Sumarni', batch_id: second }]);
  });

  it('refuses an older extract and an out-of-order revert', async () => {
    await expect(run('old.csv', toCsv([dtsenRow({ NO_KK: kk(9) })]), '2025-12-31')).rejects.toThrow(
      /older than the newest DTSEN extract/,
    );
    await expect(revertBatch(ctx.database, first, localActor('tester'))).rejects.toThrow(
      `revert batch ${second} first`,
    );
  });

  it('revert restores the previous snapshot state and is audited; the file can then be imported again', async () => {
    const result = await revertBatch(ctx.database, second, localActor('tester'), 'wrong quarter');
    expect(result.changes).toEqual({
      households_deleted: 1,
      households_restored: 2,
      persons_deleted: 2,
      persons_restored: 4,
      snapshots_deleted: 3,
    });
    const h1 = await household(1);
    expect([h1!.decile, h1!.snapshot_date, h1!.batch_id]).toEqual([3, '2026-01-31', first]);
    expect(await members(1)).toEqual(['Hj. Sumarni', 'Joko', 'Slamet Riyadi']);
    expect(await household(3)).toBeUndefined();
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject_id', 'purpose'])
      .where('action', '=', 'batch.revert')
      .execute();
    expect(audit).toEqual([
      {
        actor: 'tester',
        action: 'batch.revert',
        subject_id: String(second),
        purpose: 'wrong quarter',
      },
    ]);
    await expect(revertBatch(ctx.database, second, localActor('tester'))).rejects.toThrow(/already reverted/);
    const again = await run('q2.csv', toCsv(extract2), '2026-04-30');
    expect(again).toMatchObject({ status: 'imported', accepted: 5 });
    expect(again.batch_id).toBeGreaterThan(second);
    expect((await household(1))!.decile).toBe(5);
  });

  it('an extract whose file name holds no date needs a snapshot date; nothing is written without one', async () => {
    const before = Number(await batchCount());
    await expect(run('extract.csv', toCsv([dtsenRow({ NO_KK: kk(7) })]))).rejects.toMatchObject({
      code: 'snapshot_date_required',
      message: expect.stringContaining('--snapshot-date') as unknown,
    });
    await expect(run('extract-2026-02-30.csv', toCsv([dtsenRow({ NO_KK: kk(7) })]))).rejects.toMatchObject({
      code: 'snapshot_date_required',
    });
    expect(Number(await batchCount())).toBe(before);
    expect(await household(7)).toBeUndefined();
  });

  it('a batch that accepted no rows never becomes the newest extract', async () => {
    // Dated by its name (2026-06-15), newer than every extract so far, but its only row is rejected.
    const empty = await run('dtsen_20260615.csv', toCsv([dtsenRow({ NO_KK: '12345', NIK: '99' })]));
    expect(empty).toMatchObject({ accepted: 0 });
    const stored = await ctx.database.db
      .selectFrom('source_batches')
      .select(['snapshot_date', 'rows_accepted'])
      .where('id', '=', empty.batch_id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ snapshot_date: '2026-06-15', rows_accepted: 0 });
    // An extract older than the empty batch but newer than the last real one is still accepted.
    const may = await run(
      'dtsen_2026-05-31.csv',
      toCsv([dtsenRow({ NO_KK: kk(8), NIK: nik('1985-03-03', 'L', 8), TANGGAL_LAHIR: '1985-03-03' })]),
    );
    expect(may).toMatchObject({ status: 'imported', accepted: 1 });
    expect((await household(8))!.snapshot_date).toBe('2026-05-31');
    await expect(run('old-again.csv', toCsv([dtsenRow({ NO_KK: kk(9) })]), '2026-05-01')).rejects.toThrow(
      /older than the newest DTSEN extract already imported \(2026-05-31/,
    );
  });
});

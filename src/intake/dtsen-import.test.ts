import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { importFile } from './import-service.js';
import { dtsenRow, kk, nik, OTHER_VILLAGE, TODAY, toCsv, VILLAGE } from './testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-intake-test-'));
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};
const readRejects = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

// One row of every defect kind; line numbers in comments (header = line 1).
const defectRows = [
  dtsenRow(), // 2 ok (head)
  dtsenRow({
    NIK: nik('1982-03-15', 'P', 2),
    NAMA: 'Siti Aminah',
    JENIS_KELAMIN: 'P',
    TANGGAL_LAHIR: '15-03-1982',
    HUBUNGAN_KELUARGA: 'Istri',
  }), // 3 ok
  dtsenRow({ NIK: '337401010180000', NAMA: 'Nik Pendek', TANGGAL_LAHIR: '1990-01-01' }), // 4 bad NIK
  dtsenRow({ NIK: '', NAMA: 'Tanggal Mustahil', TANGGAL_LAHIR: '31/02/1990' }), // 5 impossible date
  dtsenRow({ NIK: '', NAMA: 'Lahir Nanti', TANGGAL_LAHIR: '2099-01-01' }), // 6 future date
  dtsenRow({ NO_KK: kk(2), NIK: '', NAMA: 'Desa Salah', KODE_WILAYAH: '33.74.01.9999' }), // 7 unknown village
  dtsenRow({ NO_KK: kk(3), NIK: '', NAMA: 'Desil Sebelas', DESIL: '11' }), // 8 decile out of range
  dtsenRow({ NIK: nik('2010-05-05', 'L', 3), NAMA: '', TANGGAL_LAHIR: '2010-05-05' }), // 9 missing name
  dtsenRow({ NAMA: 'Budi Santoso Kembar' }), // 10 duplicate NIK of line 2
  dtsenRow({
    NO_KK: kk(4),
    NIK: nik('1975-12-31', 'L', 4),
    NAMA: 'Agus',
    TANGGAL_LAHIR: '1975-12-31',
    ALAMAT: 'RT 01\nRW 02',
  }), // 11–12 multi-line
  dtsenRow({ NO_KK: kk(4), NIK: '', NAMA: 'Desil Nol', DESIL: '0', HUBUNGAN_KELUARGA: '4' }), // 13 decile 0
  dtsenRow({
    NO_KK: kk(5),
    NIK: nik('1960-01-01', 'L', 5, '33.99.01'),
    NAMA: 'Wilayah Lama',
    TANGGAL_LAHIR: '1960-01-01',
  }), // 14 historical region (warning)
  dtsenRow({
    NO_KK: kk(6),
    NIK: nik('1970-02-02', 'L', 6),
    NAMA: 'Sri Rahayu',
    JENIS_KELAMIN: 'P',
    TANGGAL_LAHIR: '1970-02-03',
    KODE_WILAYAH: OTHER_VILLAGE,
  }), // 15 NIK sex + date disagree (warnings)
];

describe.each(testEngines())('DTSEN import on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (file: string, options: Record<string, string> = {}) =>
    importFile(ctx.database, {
      profile: 'dtsen',
      path: file,
      actor: localActor('test'),
      options: { today: TODAY, snapshotDate: '2026-03-31', rejectsDir: dir, ...options },
    });

  it('rejects every defect kind with its line number and keeps warnings with the batch', async () => {
    const file = write(`defects-${kind}.csv`, toCsv(defectRows, { newline: '\r\n' }));
    const result = await run(file);
    expect(result).toMatchObject({ status: 'imported', rows: 13, accepted: 5, rejected: 8, warnings: 3 });
    const rejects = readRejects(result.rejects_file!);
    expect(rejects.map((r) => [Number(r[0]), r[1], r[3]])).toEqual([
      [4, 'NIK', 'nik_format'],
      [5, 'TANGGAL_LAHIR', 'date_impossible'],
      [6, 'TANGGAL_LAHIR', 'date_future'],
      [7, 'KODE_WILAYAH', 'village_unknown'],
      [8, 'DESIL', 'decile_range'],
      [9, 'NAMA', 'required'],
      [10, 'NIK', 'duplicate'],
      [13, 'DESIL', 'decile_range'],
    ]);
    const warnings = await ctx.database.db
      .selectFrom('intake_warnings')
      .select(['line', 'code'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('line')
      .orderBy('code')
      .execute();
    expect(warnings).toEqual([
      { line: 14, code: 'nik_region_historical' },
      { line: 15, code: 'nik_birth_date_mismatch' },
      { line: 15, code: 'nik_sex_mismatch' },
    ]);
    const households = await ctx.database.db
      .selectFrom('households')
      .select(['kk', 'village_code', 'decile', 'address'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('kk')
      .execute();
    expect(households.map((h) => h.kk)).toEqual([kk(1), kk(4), kk(5), kk(6)]);
    expect(households[1]!.address).toBe('RT 01\nRW 02');
    const persons = await ctx.database.db
      .selectFrom('persons')
      .select(['name', 'name_normalized', 'sex', 'birth_date', 'relation'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('id')
      .execute();
    expect(persons).toHaveLength(5);
    expect(persons[1]).toEqual({
      name: 'Siti Aminah',
      name_normalized: 'siti aminah',
      sex: 'P',
      birth_date: '1982-03-15',
      relation: 3,
    });
    const batch = await ctx.database.db
      .selectFrom('source_batches')
      .selectAll()
      .where('id', '=', result.batch_id)
      .executeTakeFirstOrThrow();
    expect([batch.rows_total, batch.rows_accepted, batch.rows_rejected]).toEqual([13, 5, 8]);
    expect(batch.snapshot_date).toBe('2026-03-31');
  });

  it('rejects duplicates and households split over villages or deciles anywhere in the file, in line order', async () => {
    const rows = [
      dtsenRow({ NO_KK: kk(41), NIK: nik('1980-01-01', 'L', 41), TANGGAL_LAHIR: '1980-01-01' }), // 2 ok
      dtsenRow({ NO_KK: kk(42), NIK: '', NAMA: 'Ani', TANGGAL_LAHIR: '1990-01-01', DESIL: '4' }), // 3 ok
      dtsenRow({ NO_KK: kk(41), NIK: '', NAMA: 'Desil Lain', DESIL: '7' }), // 4 decile differs from line 2
      dtsenRow({ NO_KK: kk(43), NIK: '12', NAMA: 'Rusak' }), // 5 bad NIK (found while reading)
      dtsenRow({ NO_KK: kk(42), NIK: '', NAMA: 'ANI ', TANGGAL_LAHIR: '01-01-1990', DESIL: '4' }), // 6 = line 3
      dtsenRow({ NO_KK: kk(41), NIK: '', NAMA: 'Desa Lain', KODE_WILAYAH: OTHER_VILLAGE }), // 7 village differs
      dtsenRow({ NO_KK: kk(44), NIK: nik('1980-01-01', 'L', 41), TANGGAL_LAHIR: '1980-01-01' }), // 8 = NIK line 2
      dtsenRow({ NO_KK: kk(42), NIK: '', NAMA: 'Ani', TANGGAL_LAHIR: '1991-01-01', DESIL: '4' }), // 9 ok
    ];
    const result = await run(write(`within-file-${kind}.csv`, toCsv(rows)));
    expect(result).toMatchObject({ rows: 8, accepted: 3, rejected: 5 });
    const rejects = readRejects(result.rejects_file!);
    expect(rejects.map((r) => [Number(r[0]), r[1], r[3]])).toEqual([
      [4, 'DESIL', 'household_inconsistent'],
      [5, 'NIK', 'nik_format'],
      [6, 'NAMA', 'duplicate'],
      [7, 'KODE_WILAYAH', 'household_inconsistent'],
      [8, 'NIK', 'duplicate'],
    ]);
    expect(rejects[0]!.join(',')).toContain(`No. KK ${kk(41)} has decile 2 on line 2`);
    expect(rejects[2]!.join(',')).toContain('same as line 3');
    expect(rejects[3]!.join(',')).toContain(`desa ${VILLAGE} pada baris 2`);
    const households = await ctx.database.db
      .selectFrom('households')
      .select(['kk', 'decile'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('kk')
      .execute();
    expect(households).toEqual([
      { kk: kk(41), decile: 2 },
      { kk: kk(42), decile: 4 },
    ]);
  });

  it('reads semicolon UTF-8 with BOM and Windows-1252 alike', async () => {
    const rows = [
      dtsenRow({
        NO_KK: kk(21),
        NIK: nik('1990-04-04', 'L', 21),
        NAMA: 'Nyoman Suléman',
        TANGGAL_LAHIR: '1990-04-04',
      }),
      dtsenRow({
        NO_KK: kk(21),
        NIK: '',
        NAMA: 'Ayu Widyaningsih',
        JENIS_KELAMIN: 'PEREMPUAN',
        TANGGAL_LAHIR: '1992-01-09',
        HUBUNGAN_KELUARGA: 'istri',
      }),
    ];
    // Header spellings vary: case, spaces, dots and underscores are ignored.
    const text = toCsv(rows, { delimiter: ';', bom: true })
      .replace('NO_KK', 'No. KK')
      .replace('TANGGAL_LAHIR', 'tanggal lahir');
    const utf8 = await run(write(`utf8-${kind}.csv`, text));
    expect(utf8).toMatchObject({ status: 'imported', rows: 2, accepted: 2, rejected: 0, rejects_file: null });
    const cp = await run(
      write(
        `cp1252-${kind}.csv`,
        iconv.encode(
          text
            .replace(/^\uFEFF/, '')
            .replace(kk(21), kk(22))
            .replace(kk(21), kk(22)),
          'win1252',
        ),
      ),
      {
        snapshotDate: '2026-03-31',
      },
    );
    expect(cp).toMatchObject({ status: 'imported', rows: 2, accepted: 2 });
    const names = await ctx.database.db
      .selectFrom('persons')
      .select('name')
      .where('batch_id', 'in', [utf8.batch_id, cp.batch_id])
      .where('name', 'like', 'Nyoman%')
      .execute();
    expect(names.map((n) => n.name)).toEqual(['Nyoman Suléman', 'Nyoman Suléman']);
  });

  it('imports the same file once: a second run reports already_imported and changes nothing', async () => {
    const file = write(
      `again-${kind}.csv`,
      toCsv([dtsenRow({ NO_KK: kk(31), NIK: nik('1985-06-06', 'L', 31), TANGGAL_LAHIR: '1985-06-06' })]),
    );
    const first = await run(file);
    const count = async () =>
      Number(
        (
          await ctx.database.db
            .selectFrom('persons')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const second = await run(file);
    expect(second).toMatchObject({
      status: 'already_imported',
      batch_id: first.batch_id,
      rows: 1,
      accepted: 1,
    });
    expect(await count()).toBe(before);
  });

  it('names the missing required columns', async () => {
    const file = write(`nocols-${kind}.csv`, 'NAMA,DESIL\nBudi,2\n');
    await expect(run(file)).rejects.toThrow(/required column\(s\) NO_KK, KODE_WILAYAH not found/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { importFile } from './import-service.js';
import { inspectFile } from './inspect-service.js';
import { parseMapping } from './mapping-file.js';
import type { ProfileName } from './profiles/profile.js';
import { revertBatch } from './revert-service.js';
import {
  bansosRow,
  cooperativeRow,
  dtsenRow,
  kk,
  memberRow,
  nik,
  TODAY,
  toCsv,
  VILLAGE,
} from './testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-profiles-test-'));
const rejectLines = (file: string | null) => {
  const records: string[][] = parse(fs.readFileSync(file!, 'utf8'), { bom: true, from_line: 2 });
  return records.map((r) => `${r[0]}:${r[1]}:${r[3]}`);
};

describe.each(testEngines())('bansos, cooperatives, members and XLSX on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (
    profile: ProfileName,
    name: string,
    content: string | Buffer,
    options: Record<string, unknown> = {},
  ) => {
    const file = path.join(dir, `${kind}-${name}`);
    fs.writeFileSync(file, content);
    return importFile(ctx.database, {
      profile,
      path: file,
      actor: localActor('tester'),
      options: { today: TODAY, rejectsDir: dir, ...options },
    });
  };

  it('bansos: one program period, NIK or No. KK required, duplicates and bad amounts rejected', async () => {
    const rows = [
      bansosRow(), // 2
      bansosRow({ NIK: '', NO_KK: kk(7), NAMA: 'Tanpa NIK' }), // 3 ok by No. KK
      bansosRow({ NIK: '', NO_KK: '', NAMA: 'Tanpa Identitas' }), // 4 neither
      bansosRow({ NAMA: 'Budi Lagi' }), // 5 duplicate NIK
      bansosRow({ NIK: nik('1991-01-01', 'P', 9), NAMA: 'Rina', NOMINAL: '12,5' }), // 6 amount
      bansosRow({
        NIK: nik('1991-01-02', 'P', 10),
        NAMA: '=HYPERLINK("x")',
        KODE_WILAYAH: '3374011001',
        NOMINAL: 'Rp 600.000',
      }), // 7 ok
    ];
    await expect(run('bansos', 'pkh.csv', toCsv(rows))).rejects.toThrow(/--program/);
    const result = await run('bansos', 'pkh.csv', toCsv(rows), { program: 'pkh', period: '2026-03' });
    expect(result).toMatchObject({ rows: 6, accepted: 3, rejected: 3 });
    expect(rejectLines(result.rejects_file)).toEqual([
      '4:NIK:nik_or_kk_required',
      '5:NIK:duplicate',
      '6:NOMINAL:amount_value',
    ]);
    const enrolments = await ctx.database.db
      .selectFrom('program_enrolments')
      .select(['program_code', 'period', 'name', 'village_code', 'amount', 'components'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('id')
      .execute();
    expect(enrolments.map((e) => [e.program_code, e.period, e.village_code, e.amount])).toEqual([
      ['PKH', '2026-03', VILLAGE, 750000],
      ['PKH', '2026-03', VILLAGE, 750000],
      ['PKH', '2026-03', VILLAGE, 600000],
    ]);
    expect(enrolments[0]!.components).toEqual({ items: ['balita', 'sd'] });
    expect((await revertBatch(ctx.database, result.batch_id, localActor('tester'))).changes).toEqual({
      enrolments_deleted: 3,
    });
  });

  it('rejects CSV neutralises formula injection', async () => {
    const rows = [bansosRow({ NIK: '=1+2', NAMA: '@SUM(A1)' })];
    const result = await run('bansos', 'inject.csv', toCsv(rows), { program: 'BPNT', period: '2026-04' });
    const text = fs.readFileSync(result.rejects_file!, 'utf8');
    expect(text).toContain(`2,NIK,'=1+2,nik_format`);
  });

  it('cooperatives upsert by registration number, members attach to them; reverts restore', async () => {
    const coops = [
      cooperativeRow(), // 2
      cooperativeRow({
        ID_KOPERASI: 'KDMP-2',
        NAMA_KOPERASI: 'Kopdes Dua',
        JENIS: 'koperasi konsumen',
        STATUS: 'pembentukan',
      }), // 3
      cooperativeRow({ ID_KOPERASI: 'KDMP-3', NAMA_KOPERASI: 'Kopdes Tiga', STATUS: 'bubar' }), // 4 bad status
      cooperativeRow({ NAMA_KOPERASI: 'Kopdes Ganda' }), // 5 duplicate id
    ];
    const c1 = await run('cooperatives', 'coops.csv', toCsv(coops));
    expect(c1).toMatchObject({ rows: 4, accepted: 2, rejected: 2 });
    expect(rejectLines(c1.rejects_file)).toEqual(['4:STATUS:cooperative_status', '5:ID_KOPERASI:duplicate']);
    const stored = await ctx.database.db
      .selectFrom('cooperatives')
      .select(['registration_no', 'kind', 'type', 'status', 'business_units'])
      .orderBy('registration_no')
      .execute();
    expect(stored).toEqual([
      {
        registration_no: 'KDMP-2',
        kind: 'kelurahan',
        type: 'konsumen',
        status: 'forming',
        business_units: ['gerai_sembako', 'simpan_pinjam'],
      },
      {
        registration_no: 'KDMP-3374011001',
        kind: 'kelurahan',
        type: 'serba_usaha',
        status: 'operating',
        business_units: ['gerai_sembako', 'simpan_pinjam'],
      },
    ]);
    const c2 = await run('cooperatives', 'coops2.csv', toCsv([cooperativeRow({ STATUS: 'tidak aktif' })]));
    expect(c2.changes).toEqual({ cooperatives_created: 0, cooperatives_updated: 1 });

    const members = [
      memberRow(), // 2
      memberRow({
        NIK: nik('1993-03-03', 'P', 12),
        NAMA: 'Wati',
        NO_ANGGOTA: 'A-0002',
        SIMPANAN: 'Rp 110.000',
      }), // 3
      memberRow({ ID_KOPERASI: 'KDMP-404', NO_ANGGOTA: 'X' }), // 4 unknown cooperative
      memberRow({ NIK: nik('1994-04-04', 'L', 13), NAMA: 'Andi', NO_ANGGOTA: 'A-0001' }), // 5 duplicate member no
      memberRow({
        NIK: nik('1995-05-05', 'L', 14),
        NAMA: 'Eko',
        NO_ANGGOTA: 'A-0003',
        TANGGAL_MASUK: '2027-01-01',
      }), // 6 future
    ];
    const m1 = await run('members', 'members.csv', toCsv(members));
    expect(m1).toMatchObject({ rows: 5, accepted: 2, rejected: 3 });
    expect(rejectLines(m1.rejects_file)).toEqual([
      '4:ID_KOPERASI:cooperative_unknown',
      '5:NO_ANGGOTA:duplicate',
      '6:TANGGAL_MASUK:date_future',
    ]);
    const m2 = await run('members', 'members2.csv', toCsv([memberRow({ SIMPANAN: '70000' })]));
    expect(m2.changes).toEqual({ members_created: 0, members_updated: 1 });
    await expect(revertBatch(ctx.database, c2.batch_id, localActor('tester'))).resolves.toMatchObject({
      changes: { cooperatives_restored: 1, cooperatives_deleted: 0 },
    });
    await expect(revertBatch(ctx.database, c1.batch_id, localActor('tester'))).rejects.toThrow(
      /revert those member batches first/,
    );
    expect((await revertBatch(ctx.database, m2.batch_id, localActor('tester'))).changes).toEqual({
      members_deleted: 0,
      members_restored: 1,
    });
    const budi = await ctx.database.db
      .selectFrom('cooperative_members')
      .select(['savings_paid', 'batch_id'])
      .where('member_no', '=', 'A-0001')
      .executeTakeFirstOrThrow();
    expect(budi).toEqual({ savings_paid: 60000, batch_id: m1.batch_id });
    const status = await ctx.database.db
      .selectFrom('cooperatives')
      .select('status')
      .where('registration_no', '=', 'KDMP-3374011001')
      .executeTakeFirstOrThrow();
    expect(status.status).toBe('operating');
  });

  it('reads XLSX: chosen sheet, date cells and Excel serial dates, row numbers as lines', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Catatan').addRow(['not data']);
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['No KK', 'NIK', 'Nama', 'Tgl Lahir', 'Kode Wilayah', 'Desil']);
    sheet.addRow([kk(41), nik('1980-08-01', 'L', 41), 'Darmaji', new Date(Date.UTC(1980, 7, 1)), VILLAGE, 2]);
    sheet.addRow([kk(41), '', 'Karsih', 29587, VILLAGE, 2]); // serial 29587 = 1981-01-01
    sheet.addRow([]);
    sheet.addRow([kk(42), '', 'Bad Decile', 30000, VILLAGE, 12]); // row 5
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const inspected = await inspectFile(
      (fs.writeFileSync(path.join(dir, `${kind}-inspect.xlsx`), buffer),
      path.join(dir, `${kind}-inspect.xlsx`)),
      { sheet: 'Data' },
    );
    expect(inspected.suggested_profile).toBe('dtsen');
    expect(inspected.profiles.dtsen.mapping).toMatchObject({ NO_KK: 'No KK', TANGGAL_LAHIR: 'Tgl Lahir' });
    await expect(run('dtsen', 'dtsen.xlsx', buffer, { snapshotDate: '2026-05-31' })).rejects.toThrow(
      /required column/,
    );
    const result = await run('dtsen', 'dtsen.xlsx', buffer, { snapshotDate: '2026-05-31', sheet: 'Data' });
    expect(result).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(rejectLines(result.rejects_file)).toEqual(['5:DESIL:decile_range']);
    const births = await ctx.database.db
      .selectFrom('persons')
      .select(['name', 'birth_date'])
      .where('batch_id', '=', result.batch_id)
      .orderBy('id')
      .execute();
    expect(births).toEqual([
      { name: 'Darmaji', birth_date: '1980-08-01' },
      { name: 'Karsih', birth_date: '1981-01-01' },
    ]);
  });

  it('maps any layout onto a profile with a mapping file', async () => {
    const mapping = parseMapping(
      {
        profile: 'dtsen',
        columns: { NO_KK: 'Nomor Kartu', NAMA: 'Anggota', KODE_WILAYAH: 'Desa', DESIL: 'Peringkat' },
      },
      'dtsen',
    );
    const text =
      'Nomor Kartu|Anggota|Desa|Peringkat\n'.replace(/\|/g, '\t') +
      [kk(51), 'Sutrisno', VILLAGE, '4'].join('\t') +
      '\n';
    const result = await run('dtsen', 'mapped.tsv', text, { mapping, snapshotDate: '2026-06-01' });
    expect(result).toMatchObject({ rows: 1, accepted: 1, rejected: 0 });
    expect(() => parseMapping({ columns: { NOPE: 'x' } }, 'dtsen', 'm.yaml')).toThrow(
      /m.yaml: columns.NOPE is not a field/,
    );
    expect(dtsenRow().NO_KK).toBe(kk(1));
  });
});

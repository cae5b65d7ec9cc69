import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { importFile } from './import-service.js';
import type { ProfileName } from './profiles/profile.js';
import { officerPosition } from './profiles/officers.js';
import { revertBatch } from './revert-service.js';
import { BatchRepository } from './storage/batch-repository.js';
import { cooperativeRow, kk, nik, officerRow, TODAY, toCsv } from './testing/builders.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-officers-test-'));
const rejectLines = (file: string | null) => {
  const records: string[][] = parse(fs.readFileSync(file!, 'utf8'), { bom: true, from_line: 2 });
  return records.map((r) => `${r[0]}:${r[1]}:${r[3]}`);
};

describe('officerPosition', () => {
  it('reads the codes and their Indonesian spellings', () => {
    expect(officerPosition('Ketua')).toBe('ketua');
    expect(officerPosition(' Wakil Ketua Bidang Usaha ')).toBe('wakil_ketua_usaha');
    expect(officerPosition('wakil ketua anggota')).toBe('wakil_ketua_anggota');
    expect(officerPosition('Ketua Dewan Pengawas')).toBe('ketua_pengawas');
    expect(officerPosition('Anggota Pengawas')).toBe('pengawas');
    expect(officerPosition('bupati')).toBeNull();
  });
});

describe.each(testEngines())('officers register import on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const run = (profile: ProfileName, name: string, content: string) => {
    const file = path.join(dir, `${kind}-${name}`);
    fs.writeFileSync(file, content);
    return importFile(ctx.database, {
      profile,
      path: file,
      actor: localActor('tester'),
      options: { today: TODAY, rejectsDir: dir },
    });
  };
  const officers = () =>
    ctx.database.db
      .selectFrom('cooperative_officers')
      .select(['position', 'name', 'nik', 'kk', 'ex_officio', 'start_date', 'end_date', 'batch_id'])
      .orderBy('id')
      .execute();

  it('appoints accepted rows, rejects the others, reports the registrar’s checks; reverts restore', async () => {
    const coops = await run('cooperatives', 'coops.csv', toCsv([cooperativeRow()]));
    const coopId = (await ctx.database.db.selectFrom('cooperatives').select('id').executeTakeFirstOrThrow())
      .id;
    // An officer appointed through the API before any register was imported (no batch).
    await ctx.database.db
      .insertInto('cooperative_officers')
      .values({
        cooperative_id: coopId,
        position: 'pengawas',
        name: 'Pengawas Lama',
        nik: nik('1960-01-01', 'L', 30),
        person_id: null,
        start_date: '2025-07-21',
        end_date: '2026-01-31',
      })
      .execute();
    const before = await officers();
    expect(before).toHaveLength(1);

    const andi = nik('1982-03-03', 'L', 23);
    const rows = [
      officerRow({ NO_KK: kk(1) }), // 2 ketua
      officerRow({ NIK: nik('1985-02-02', 'P', 22), NAMA: 'Siti', JABATAN: 'Sekretaris', NO_KK: kk(1) }), // 3
      officerRow({ NIK: andi, NAMA: 'Andi', JABATAN: 'bendahara' }), // 4
      officerRow({
        NIK: nik('1970-04-04', 'L', 24),
        NAMA: 'Kepala Desa',
        JABATAN: 'Ketua Pengawas',
        EX_OFFICIO: 'ya',
      }), // 5
      officerRow({ NIK: nik('1972-06-06', 'P', 25), NAMA: 'Rina', JABATAN: 'Anggota Pengawas' }), // 6
      officerRow({ NIK: nik('1990-01-01', 'L', 26), JABATAN: 'bupati' }), // 7 unknown post
      officerRow({ ID_KOPERASI: 'KDMP-404', NIK: nik('1990-01-01', 'L', 27) }), // 8 unknown cooperative
      officerRow({ NIK: nik('1990-01-01', 'L', 28), JABATAN: 'bendahara', EX_OFFICIO: 'ya' }), // 9
      officerRow({ NIK: nik('1990-01-01', 'L', 29), TANGGAL_SELESAI: '2025-01-01' }), // 10 ends before start
      officerRow({ NAMA: 'Slamet Lagi' }), // 11 same officer as line 2
      officerRow({ NIK: '', NAMA: 'Tanpa NIK' }), // 12
    ];
    const first = await run('officers', 'officers.csv', toCsv(rows));
    expect(first).toMatchObject({ rows: 11, accepted: 5, rejected: 6 });
    expect(first.changes).toEqual({ officers_appointed: 5, officers_updated: 0 });
    expect(rejectLines(first.rejects_file)).toEqual([
      '7:JABATAN:officer_position',
      '8:ID_KOPERASI:cooperative_unknown',
      '9:EX_OFFICIO:ex_officio_position',
      '10:TANGGAL_SELESAI:term_end_before_start',
      '11:NIK:duplicate',
      '12:NIK:required',
    ]);
    // Three pengurus and two pengawas chaired ex officio: in order, with the registrar's warnings.
    expect(first.register_checks).toHaveLength(1);
    expect(first.register_checks![0]).toMatchObject({
      cooperative_id: coopId,
      registration_no: 'KDMP-3374011001',
      in_order: true,
    });
    expect(first.register_checks![0]!.findings.map((f) => `${f.severity}:${f.rule}`)).toEqual([
      'warning:wakil_missing',
      'warning:wakil_missing',
      'warning:shared_family_card',
    ]);
    expect(first.register_checks![0]!.findings[2]!.message).toContain('Slamet Riyadi, Siti');
    expect(first.warnings).toBe(3);
    const batch = await ctx.database.db
      .selectFrom('source_batches')
      .select('warnings')
      .where('id', '=', first.batch_id)
      .executeTakeFirstOrThrow();
    expect(batch.warnings).toContainEqual(
      expect.objectContaining({ code: 'register_check', rule: 'shared_family_card', severity: 'warning' }),
    );
    const shown = await new BatchRepository(ctx.database.db).get(first.batch_id);
    expect(shown.current_rows).toMatchObject({ cooperative_officers: 5 });
    const afterFirst = await officers();
    expect(afterFirst.slice(1).map((o) => [o.position, o.name, o.ex_officio, o.batch_id])).toEqual([
      ['ketua', 'Slamet Riyadi', false, first.batch_id],
      ['sekretaris', 'Siti', false, first.batch_id],
      ['bendahara', 'Andi', false, first.batch_id],
      ['ketua_pengawas', 'Kepala Desa', true, first.batch_id],
      ['pengawas', 'Rina', false, first.batch_id],
    ]);

    // The ketua's term ends and a new one is appointed; the bendahara is also made pengawas (an error).
    const second = await run(
      'officers',
      'officers2.csv',
      toCsv([
        officerRow({ NO_KK: kk(1), TANGGAL_SELESAI: '2026-06-01' }),
        officerRow({ NIK: nik('1988-08-08', 'L', 31), NAMA: 'Rudi', TANGGAL_MULAI: '2026-06-01' }),
        officerRow({ NIK: andi, NAMA: 'Andi', JABATAN: 'pengawas', TANGGAL_MULAI: '2026-06-02' }),
      ]),
    );
    expect(second).toMatchObject({ rows: 3, accepted: 3, rejected: 0 });
    expect(second.changes).toEqual({ officers_appointed: 2, officers_updated: 1 });
    expect(second.register_checks![0]!.in_order).toBe(false);
    expect(second.register_checks![0]!.findings.map((f) => f.rule)).toContain('pengurus_also_pengawas');
    // The ended ketua no longer shares a family card with a current officer.
    expect(second.register_checks![0]!.findings.map((f) => f.rule)).not.toContain('shared_family_card');

    await expect(revertBatch(ctx.database, first.batch_id, localActor('tester'))).rejects.toThrow(
      /batch \d+ later updated rows it wrote/,
    );
    await expect(revertBatch(ctx.database, coops.batch_id, localActor('tester'))).rejects.toThrow(
      /revert those officer batches first/,
    );
    expect((await revertBatch(ctx.database, second.batch_id, localActor('tester'))).changes).toEqual({
      officers_deleted: 2,
      officers_restored: 1,
    });
    expect(await officers()).toEqual(afterFirst);
    expect((await revertBatch(ctx.database, first.batch_id, localActor('tester'))).changes).toEqual({
      officers_deleted: 5,
      officers_restored: 0,
    });
    expect(await officers()).toEqual(before);
  });
});

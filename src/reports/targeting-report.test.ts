import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildEnrolment, buildHousehold } from '../policy/test-builders.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { exportTable } from './targeting-export.js';
import { targetingReport, unmatchedRecipients } from './targeting-report.js';

describe('export', () => {
  it('neutralises formulas in CSV and XLSX', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-x-'));
    const csv = path.join(dir, 't.csv');
    const rows = [
      ['=1+1', '-2'],
      ['@x', 'plain, text'],
    ];
    expect(await exportTable(csv, ['a', 'b'], rows)).toBe(2);
    expect(fs.readFileSync(csv, 'utf8')).toBe("\uFEFFa,b\n'=1+1,'-2\n'@x,\"plain, text\"\n");
    const file = path.join(dir, 't.xlsx');
    await exportTable(file, ['a'], [['+cmd'], [3]]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0]?.getRow(2).getCell(1).value).toBe("'+cmd");
    expect(wb.worksheets[0]?.getRow(3).getCell(1).value).toBe(3);
    await expect(exportTable('x.pdf', ['a'], [])).rejects.toThrow(/\.csv or \.xlsx/);
  });
});

describe.each(testEngines())('targeting report on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('counts recipients by decile, errors by region and unmatched recipients exactly', async () => {
    const db = ctx.database.db;
    // Regency 53.01: deciles 1, 2, 3, 7 and unknown; regency 11.01: deciles 1, 4.
    const d1 = await buildHousehold(db, {
      village: '53.01.05.2003',
      decile: 1,
      members: [
        { birth: '1980-01-01', nik: '5301050101800001' },
        { birth: '2010-01-01', nik: '5301050101100002' },
      ],
    });
    await buildHousehold(db, { village: '53.01.05.2003', decile: 2, members: [] });
    const d3 = await buildHousehold(db, { village: '53.01.05.1001', decile: 3, members: [] });
    const d7 = await buildHousehold(db, {
      village: '53.01.05.1001',
      decile: 7,
      members: [{ birth: '1980-01-01', nik: '5301054101800007' }],
    });
    const dn = await buildHousehold(db, { village: '53.01.05.1001', decile: null, members: [] });
    await buildHousehold(db, { village: '11.01.01.2001', decile: 1, members: [] });
    const e4 = await buildHousehold(db, { village: '11.01.01.2001', decile: 4, members: [] });
    // PKH (deciles 1–4), current period 2026-06 (2026-03 is older and ignored).
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: d1 });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', nik: '5301050101100002' }); // same household by NIK
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: d3 });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', nik: '5301054101800007' }); // decile 7 by NIK
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: dn });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: e4 });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', nik: '9999999999999999' }); // unmatched
    await db
      .updateTable('program_enrolments')
      .set({ village_code: '53.01.05.2003' })
      .where('nik', '=', '9999999999999999')
      .execute();
    await buildEnrolment(db, { program: 'PKH', period: '2026-03', householdId: d7 });

    const all = await targetingReport(db, { program: 'PKH' });
    const pkh = all.programs[0]!;
    expect(pkh).toMatchObject({
      program: 'PKH',
      period: '2026-06',
      eligible_deciles: [1, 2, 3, 4],
      recipients: 7,
      matched_recipients: 6,
      unmatched_recipients: 1,
      recipient_households: 5,
      by_decile: { '1': 1, '3': 1, '4': 1, '7': 1, unknown: 1 },
      // Outside deciles 1–4: decile 7 and unknown → 2/5. Eligible: 53.01 → d1, d2, d3 (2 reached); 11.01 → d1, d4 (1 reached).
      inclusion_error: 0.4,
      eligible_households: 5,
      eligible_reached: 3,
      exclusion_error: 0.4,
    });
    expect(pkh.by_region).toEqual([
      expect.objectContaining({
        region: '11.01',
        recipient_households: 1,
        outside_eligible: 0,
        eligible_households: 2,
        eligible_reached: 1,
        exclusion_error: 0.5,
        unmatched_recipients: 0,
      }),
      expect.objectContaining({
        region: '53.01',
        recipient_households: 4,
        outside_eligible: 2,
        inclusion_error: 0.5,
        eligible_households: 3,
        eligible_reached: 2,
        exclusion_error: 0.3333,
        unmatched_recipients: 1,
      }),
    ]);
    const district = await targetingReport(db, { program: 'PKH', region: '53.01' });
    expect(district.group_level).toBe(3);
    expect(district.programs[0]?.by_region.map((r) => r.region)).toEqual(['53.01.05']);
    expect(await unmatchedRecipients(db, { program: 'PKH' })).toEqual([
      {
        program: 'PKH',
        period: '2026-06',
        nik_masked: '9999********9999',
        name: 'Penerima',
        village_code: '53.01.05.2003',
      },
    ]);
    // Programs without recipients are left out of the all-programs report.
    expect((await targetingReport(db, {})).programs.map((p) => p.program)).toEqual(['PKH']);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CsvFileWriter, csvLine, neutralizeFormula, writeXlsx } from './spreadsheet-export.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-export-test-'));

describe('spreadsheet export', () => {
  it('prefixes cells a spreadsheet would run as formulas with an apostrophe', () => {
    expect(['=1+2', '+62812', '-5', '@SUM(A1)', '\t=x', 'Budi', '', '1=1'].map(neutralizeFormula)).toEqual([
      "'=1+2",
      "'+62812",
      "'-5",
      "'@SUM(A1)",
      "'\t=x",
      'Budi',
      '',
      '1=1',
    ]);
  });

  it('quotes CSV fields that need it; numbers are written as numbers', () => {
    expect(csvLine(['a,b', 'say "hi"', 'x\ny', -5, null, '=cmd'])).toBe(
      `"a,b","say ""hi""","x\ny",-5,,'=cmd\n`,
    );
  });

  it('writes CSV with a BOM and XLSX files whose text cells are neutralised', async () => {
    const csv = new CsvFileWriter(path.join(dir, 'out.csv'), ['nama', 'catatan']);
    await csv.write(['Budi', '=HYPERLINK("http://x")']);
    await csv.close();
    await csv.close();
    expect(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe(
      `\uFEFFnama,catatan\nBudi,"'=HYPERLINK(""http://x"")"\n`,
    );
    const file = path.join(dir, 'out.xlsx');
    expect(
      await writeXlsx(
        file,
        ['nama', 'nilai'],
        [
          ['@evil', 3],
          ['Siti', null],
        ],
      ),
    ).toBe(2);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(2).values).toEqual([undefined, "'@evil", 3]);
    expect(sheet.getCell('A3').value).toBe('Siti');
  });
});

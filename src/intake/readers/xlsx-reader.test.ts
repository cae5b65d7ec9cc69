import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { openXlsx } from './xlsx-reader.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function twoSheetWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Catatan & info').addRow(['not data']);
  const data = workbook.addWorksheet('Data');
  data.addRow(['NIK', 'Nama']);
  data.addRow(['3374010101800001', 'Darmaji']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Rewrites xl/workbook.xml with an `x:` namespace prefix on every element, as some generators write it. */
async function withPrefixedWorkbookXml(buffer: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('xl/workbook.xml')!.async('string');
  const prefixed = xml
    .replace(/<(\/?)([A-Za-z]+)(?=[\s>/])/g, (_, slash: string, name: string) => `<${slash}x:${name}`)
    .replace(/xmlns="/, 'xmlns:x="');
  expect(prefixed).toContain('<x:sheet ');
  zip.file('xl/workbook.xml', prefixed);
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function readAll(file: string, sheet?: string) {
  const table = await openXlsx(file, sheet === undefined ? {} : { sheet });
  const rows = [];
  for await (const row of table.rows) rows.push(row);
  return { headers: table.headers, sheet: table.format, rows };
}

describe('openXlsx', () => {
  it('finds sheets by name and number although ExcelJS writes workbook.xml last', async () => {
    const file = path.join(dir, 'exceljs.xlsx');
    fs.writeFileSync(file, await twoSheetWorkbook());
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    expect(Object.keys(zip.files).at(-1)).toBe('xl/workbook.xml');
    expect(await readAll(file)).toMatchObject({ headers: ['not data'], sheet: { sheet: 'Catatan & info' } });
    const byName = await readAll(file, 'Data');
    expect(byName).toMatchObject({ headers: ['NIK', 'Nama'], sheet: { sheet: 'Data' } });
    expect(byName.rows).toEqual([{ line: 2, cells: ['3374010101800001', 'Darmaji'] }]);
    expect((await readAll(file, '2')).headers).toEqual(['NIK', 'Nama']);
    await expect(readAll(file, 'Ringkasan')).rejects.toThrow(
      'no worksheet "Ringkasan" (sheets: Catatan & info, Data)',
    );
  });

  it('reads a workbook whose workbook.xml uses a namespace prefix (<x:workbook>)', async () => {
    const file = path.join(dir, 'prefixed.xlsx');
    fs.writeFileSync(file, await withPrefixedWorkbookXml(await twoSheetWorkbook()));
    const table = await readAll(file, 'Data');
    expect(table.rows).toEqual([{ line: 2, cells: ['3374010101800001', 'Darmaji'] }]);
  });

  it('names the file when it is not a workbook', async () => {
    const file = path.join(dir, 'not-a-workbook.xlsx');
    fs.writeFileSync(file, 'NIK;Nama\n1;2\n');
    await expect(openXlsx(file, { fileName: 'bansos.xlsx' })).rejects.toThrow(
      /^bansos\.xlsx: not a readable XLSX workbook/,
    );
  });
});

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

  it('types cells as Excel stored them: formulas, booleans, errors, rich text, gaps, date formats', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    const row = sheet.addRow([
      { formula: '1+1', result: 2 },
      true,
      { error: '#N/A' },
      { richText: [{ text: 'Siti ' }, { font: { bold: true }, text: 'Aminah' }] },
      null,
      new Date(Date.UTC(1990, 11, 31)),
      29587,
    ]);
    row.getCell(6).numFmt = 'dd/mm/yyyy';
    for (let i = 0; i < 20_000; i++) sheet.addRow([`r${i}`, i]);
    const file = path.join(dir, 'typed.xlsx');
    fs.writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const table = await readAll(file);
    expect(table.rows[0]).toEqual({
      line: 2,
      cells: [2, true, '#N/A', 'Siti Aminah', null, new Date(Date.UTC(1990, 11, 31)), 29587],
    });
    expect(table.rows).toHaveLength(20_001);
    expect(table.rows.at(-1)).toEqual({ line: 20_002, cells: ['r19999', 19999] });
  });

  it('reads inline strings, sparse cells without references and the 1904 date system', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet('Data');
    sheet.addRow(['header']);
    sheet.addRow([new Date(Date.UTC(2001, 0, 15))]);
    const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer());
    const part = 'xl/worksheets/sheet1.xml';
    const xml = await zip.file(part)!.async('string');
    const sheetData =
      '<sheetData><row r="1"><c t="inlineStr"><is><t>NIK</t></is></c><c t="inlineStr"><is><r><t>Na</t></r><r><t>ma</t></r></is></c></row>' +
      '<row r="4"><c r="B4" t="inlineStr"><is><t xml:space="preserve"> Tono &amp; Sri </t></is></c></row>' +
      '<row r="5"/>' +
      `${/<row r="2"[\s\S]*?<\/row>/
        .exec(xml)![0]
        .replace('r="2"', 'r="6"')
        .replace(/r="A2"/, 'r="A6"')}</sheetData>`;
    zip.file(part, xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, sheetData));
    const file = path.join(dir, 'inline.xlsx');
    fs.writeFileSync(file, await zip.generateAsync({ type: 'nodebuffer' }));
    const table = await readAll(file);
    expect(table.headers).toEqual(['NIK', 'Nama']);
    expect(table.rows).toEqual([
      { line: 4, cells: [null, ' Tono & Sri '] },
      { line: 6, cells: [new Date(Date.UTC(2001, 0, 15))] },
    ]);
  });

  it('names the file when it is not a workbook', async () => {
    const file = path.join(dir, 'not-a-workbook.xlsx');
    fs.writeFileSync(file, 'NIK;Nama\n1;2\n');
    await expect(openXlsx(file, { fileName: 'bansos.xlsx' })).rejects.toThrow(
      /^bansos\.xlsx: not a readable XLSX workbook/,
    );
  });
});

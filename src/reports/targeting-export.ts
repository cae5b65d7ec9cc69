import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { UserError } from '../shared/errors.js';

export type Cell = string | number | boolean | null;

/**
 * Text a spreadsheet would read as a formula (=, +, -, @, or tab/CR first) gets a leading apostrophe, so an
 * exported report never runs anything when opened.
 */
export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return '\uFEFF' + [headers, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** Writes a table as CSV or XLSX, chosen by the file's extension. Returns the number of data rows. */
export async function exportTable(
  file: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  sheet = 'data',
): Promise<number> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    fs.writeFileSync(file, toCsv(headers, rows));
  } else if (ext === '.xlsx') {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet(sheet);
    ws.addRow([...headers]);
    for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'string' ? neutralise(v) : v)));
    await workbook.xlsx.writeFile(file);
  } else {
    throw new UserError(`cannot export to ${file}: use a .csv or .xlsx file name`);
  }
  return rows.length;
}

import ExcelJS from 'exceljs';
import { csvLine, neutralizeFormula, type ExportCell } from './spreadsheet-export.js';

/**
 * In-memory forms of the export writers, for API downloads of bounded size: the same CSV (UTF-8 with BOM,
 * formula-like text neutralised) and a one-sheet XLSX workbook.
 */
export function csvBuffer(headers: readonly string[], rows: readonly (readonly ExportCell[])[]): Buffer {
  return Buffer.from('\uFEFF' + csvLine(headers) + rows.map(csvLine).join(''), 'utf8');
}

export async function xlsxBuffer(
  headers: readonly string[],
  rows: readonly (readonly ExportCell[])[],
  sheetName = 'data',
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...headers]);
  for (const row of rows)
    sheet.addRow(row.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : (v ?? null))));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

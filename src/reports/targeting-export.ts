import path from 'node:path';
import { CsvFileWriter, writeXlsx, type ExportCell } from '../shared/spreadsheet-export.js';
import { UserError } from '../shared/errors.js';

export type Cell = ExportCell;

/**
 * Writes a report table as CSV or XLSX, chosen by the file's extension, through the shared export writers
 * (formula-like text is neutralised with a leading apostrophe). Returns the number of data rows.
 */
export async function exportTable(
  file: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  sheet = 'data',
): Promise<number> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    const writer = new CsvFileWriter(file, headers);
    for (const row of rows) await writer.write(row);
    await writer.close();
    return rows.length;
  }
  if (ext === '.xlsx') return writeXlsx(file, headers, rows, sheet);
  throw new UserError(`cannot export to ${file}: use a .csv or .xlsx file name`);
}

import fs from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';

/**
 * Writers for CSV and XLSX exports. Every text cell that a spreadsheet would read as a formula (starting with
 * =, +, -, @, or a tab/CR before them) gets a leading apostrophe, so an export never runs code when opened.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type ExportCell = string | number | boolean | null | undefined;

function csvField(value: ExportCell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? neutralizeFormula(value) : String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (comma-separated, RFC 4180 quoting, CRLF-free: ends with \n). */
export function csvLine(values: readonly ExportCell[]): string {
  return values.map(csvField).join(',') + '\n';
}

/** Streams CSV rows to a file with back-pressure; UTF-8 with BOM so Excel shows Indonesian text correctly. */
export class CsvFileWriter {
  private readonly stream: fs.WriteStream;
  rows = 0;

  constructor(
    readonly path: string,
    headers: readonly string[],
  ) {
    this.stream = fs.createWriteStream(path, { encoding: 'utf8' });
    this.stream.write('\uFEFF' + csvLine(headers));
  }

  async write(values: readonly ExportCell[]): Promise<void> {
    this.rows += 1;
    if (!this.stream.write(csvLine(values))) await once(this.stream, 'drain');
  }

  private closing: Promise<void> | undefined;

  /** Flushes and closes the file; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stream.end();
      if (!this.stream.writableFinished) await once(this.stream, 'finish');
    })();
    return this.closing;
  }
}

/** Streams rows into a one-sheet XLSX workbook (bounded memory); text cells are neutralised like CSV. */
export async function writeXlsx(
  path: string,
  headers: readonly string[],
  rows: AsyncIterable<readonly ExportCell[]> | Iterable<readonly ExportCell[]>,
  sheetName = 'data',
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow([...headers]).commit();
  let count = 0;
  for await (const row of rows) {
    sheet.addRow(row.map((v) => (typeof v === 'string' ? neutralizeFormula(v) : (v ?? null)))).commit();
    count += 1;
  }
  sheet.commit();
  await workbook.commit();
  return count;
}

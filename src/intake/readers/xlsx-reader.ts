import fs from 'node:fs';
import { UserError } from '../../shared/errors.js';
import type { SourceTable } from './source-table.js';
import { readSheetRows } from './xlsx/sheet-rows.js';
import { openXlsxPackage, type XlsxPackage } from './xlsx/xlsx-package.js';

/**
 * Streams one worksheet of an XLSX workbook (the first, or `sheet` by name or 1-based number). The header is
 * the first non-empty row; line numbers are worksheet row numbers. Date-formatted cells arrive as Date, other
 * numbers (e.g. Excel serial dates in a text-formatted column) as numbers.
 *
 * Our own reader over the zip's central directory rather than ExcelJS's streaming reader: that one depends on
 * the order of parts in the zip and, on files written by ExcelJS itself, lost worksheets or their names.
 */
export async function openXlsx(
  path: string,
  options: { sheet?: string; fileName?: string } = {},
): Promise<SourceTable> {
  const label = options.fileName ?? path;
  const unreadable = (error: unknown) =>
    new UserError(
      `${label}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  let pkg: XlsxPackage;
  try {
    pkg = await openXlsxPackage(path);
  } catch (error) {
    throw unreadable(error);
  }
  const names = pkg.sheets.map((s) => s.name);
  const index =
    options.sheet === undefined
      ? 0
      : names.includes(options.sheet)
        ? names.indexOf(options.sheet)
        : /^\d+$/.test(options.sheet)
          ? Number(options.sheet) - 1
          : -1;
  const sheet = pkg.sheets[index];
  if (!sheet) {
    throw new UserError(
      pkg.sheets.length === 0
        ? `${label}: the workbook has no worksheets`
        : `${label}: no worksheet "${options.sheet}" (sheets: ${names.join(', ')})`,
    );
  }
  // Progress in units of the file's size: the share of the worksheet's decompressed bytes read so far.
  let uncompressed = 0;
  const rowIterator = readSheetRows(pkg, sheet, (count) => (uncompressed += count));
  const first = await rowIterator.next().catch((error: unknown) => {
    throw unreadable(error);
  });
  if (first.done) throw new UserError(`${label}: the worksheet "${sheet.name}" is empty (no header row)`);
  const headers = first.value.cells.map((c) =>
    c === null || c === undefined ? '' : String(c instanceof Date ? c.toISOString() : c).trim(),
  );
  async function* rows() {
    try {
      for (;;) {
        const next = await rowIterator.next().catch((error: unknown) => {
          throw unreadable(error);
        });
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await rowIterator.return(undefined);
    }
  }
  const fileSize = fs.statSync(path).size;
  return {
    headers,
    rows: rows(),
    bytesRead: () =>
      sheet.part.uncompressedSize > 0
        ? Math.round((fileSize * uncompressed) / sheet.part.uncompressedSize)
        : 0,
    format: { kind: 'xlsx', sheet: sheet.name },
  };
}

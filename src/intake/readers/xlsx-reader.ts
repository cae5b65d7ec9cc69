import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { UserError } from '../../shared/errors.js';
import type { CellValue } from '../field-values.js';
import type { SourceTable } from './source-table.js';
import { readWorkbookIndex, type WorkbookIndex } from './xlsx-workbook-index.js';

/**
 * Streams one worksheet of an XLSX workbook (the first, or `sheet` by name or 1-based number). The header is
 * the first non-empty row; line numbers are worksheet row numbers. Date cells arrive as Date, other numbers
 * (e.g. Excel serial dates in a text-formatted column) as numbers.
 */
export async function openXlsx(
  path: string,
  options: { sheet?: string; fileName?: string } = {},
): Promise<SourceTable> {
  const label = options.fileName ?? path;
  const index = await readWorkbookIndex(path).catch((error: unknown) => {
    throw new UserError(
      `${label}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  let bytes = 0;
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  input.on('data', (chunk) => (bytes += chunk.length));
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
    entries: 'ignore',
  });
  pinWorkbookIndex(workbook, index);
  const rowIterator = selectRows(workbook, options.sheet, label);
  const first = await rowIterator.next().catch((error: unknown) => {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `${label}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  });
  if (first.done) throw new UserError(`${label}: the worksheet is empty (no header row)`);
  const sheetName = first.value.sheet;
  const headers = first.value.cells.map((c) =>
    c === null || c === undefined ? '' : String(c instanceof Date ? c.toISOString() : c).trim(),
  );
  async function* rows() {
    try {
      for (;;) {
        const next = await rowIterator.next();
        if (next.done) return;
        yield { line: next.value.line, cells: next.value.cells };
      }
    } finally {
      input.destroy();
    }
  }
  return { headers, rows: rows(), bytesRead: () => bytes, format: { kind: 'xlsx', sheet: sheetName } };
}

/**
 * Gives the streaming reader the sheet list and relationships before it starts, and keeps them: its own parse of
 * workbook.xml (late in the stream, or unreadable when prefixed) must not replace them with nothing.
 */
function pinWorkbookIndex(workbook: ExcelJS.stream.xlsx.WorkbookReader, index: WorkbookIndex): void {
  const model = { sheets: index.sheets };
  Object.defineProperty(workbook, 'model', { get: () => model, set: () => undefined });
  Object.defineProperty(workbook, 'workbookRels', { get: () => index.rels, set: () => undefined });
}

async function* selectRows(
  workbook: ExcelJS.stream.xlsx.WorkbookReader,
  sheet: string | undefined,
  label: string,
): AsyncGenerator<{ line: number; cells: CellValue[]; sheet: string }> {
  let index = 0;
  const seen: string[] = [];
  let found = false;
  for await (const worksheet of workbook) {
    index += 1;
    const name = (worksheet as unknown as { name: string }).name;
    seen.push(name);
    const wanted = found ? false : sheet === undefined || sheet === name || sheet === String(index);
    for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
      if (!wanted) continue;
      const values = row.values as unknown[];
      const cells: CellValue[] = [];
      let empty = true;
      for (let i = 1; i < values.length; i++) {
        const cell = toCell(values[i]);
        if (cell !== null && cell !== '') empty = false;
        cells.push(cell);
      }
      if (!empty) yield { line: row.number, cells, sheet: name };
    }
    if (wanted) found = true;
  }
  if (!found) throw new UserError(`${label}: no worksheet "${sheet}" (sheets: ${seen.join(', ')})`);
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return toCell(v.result);
    if (typeof v.text === 'string') return v.text;
    if (v.error) return v.error;
  }
  return JSON.stringify(value);
}

import { excelSerialToDate } from '../../../shared/excel-serial.js';
import type { CellValue } from '../../field-values.js';
import type { XlsxPackage, XlsxSheet } from './xlsx-package.js';
import { streamXml } from './xml-stream.js';

export interface SheetRow {
  /** The worksheet row number (1-based), as Excel shows it. */
  line: number;
  cells: CellValue[];
}

/** Column index (0-based) of an A1-style reference: "C7" → 2, "AB12" → 27. */
export function columnIndex(reference: string): number {
  let index = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower-case letters
    if (code < 97 || code > 122) break;
    index = index * 26 + (code - 96);
  }
  return index - 1;
}

/**
 * Streams the rows of one worksheet part: cell values typed as Excel stored them (shared and inline strings,
 * numbers, booleans, error codes, cached formula results), numbers in date formats as Date. Rows whose cells
 * are all empty are skipped. Memory holds one decompressed chunk's rows at a time.
 */
export async function* readSheetRows(
  pkg: XlsxPackage,
  sheet: XlsxSheet,
  onBytes: (count: number) => void = () => undefined,
): AsyncGenerator<SheetRow> {
  const ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: CellValue[] = [];
  let nonEmpty = false;
  let column = -1;
  let type = 'n';
  let style = 0;
  let text: string[] | undefined;
  let inlineText = false;

  const finishCell = (raw: string | undefined) => {
    const value = cellValue(raw, type, style);
    if (value !== null && value !== '') nonEmpty = true;
    while (cells.length < column) cells.push(null);
    cells[column] = value;
  };
  const cellValue = (raw: string | undefined, cellType: string, cellStyle: number): CellValue => {
    if (raw === undefined) return null;
    switch (cellType) {
      case 's':
        return pkg.sharedStrings[Number(raw)] ?? null;
      case 'inlineStr':
      case 'str':
      case 'e':
        return raw;
      case 'b':
        return raw === '1' || raw === 'true';
      case 'd': // ISO 8601 text; without a zone it is a calendar date, read as UTC like the serial dates
        return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) || !raw.includes('T') ? raw : `${raw}Z`);
      default: {
        const number = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(number)) return raw;
        return pkg.dateStyles[cellStyle] ? excelSerialToDate(number, pkg.date1904) : number;
      }
    }
  };

  let value: string | undefined;
  for await (const _ of streamXml(
    sheet.part.stream(),
    {
      open(name, attributes, selfClosing) {
        switch (name) {
          case 'row': {
            const r = attributes.get('r');
            rowNumber = r === undefined ? rowNumber + 1 : Number(r);
            cells = [];
            nonEmpty = false;
            column = -1;
            break;
          }
          case 'c': {
            const r = attributes.get('r');
            column = r === undefined ? column + 1 : columnIndex(r);
            type = attributes.get('t') ?? 'n';
            style = Number(attributes.get('s') ?? 0);
            value = undefined; // a self-closing <c/> gets its closetag too and ends up empty
            break;
          }
          case 'v':
            if (!selfClosing) text = [];
            break;
          case 't':
            if (type === 'inlineStr' && !selfClosing) {
              inlineText = true;
              text ??= [];
            }
            break;
        }
      },
      close(name) {
        switch (name) {
          case 'v':
            value = text?.join('') ?? '';
            text = undefined;
            break;
          case 't':
            inlineText = false;
            break;
          case 'is':
            value = text?.join('') ?? '';
            text = undefined;
            break;
          case 'c':
            finishCell(value);
            break;
          case 'row':
            if (nonEmpty) ready.push({ line: rowNumber, cells });
            break;
        }
      },
      text(chunk) {
        if (text && (type !== 'inlineStr' || inlineText)) text.push(chunk);
      },
    },
    onBytes,
  )) {
    void _;
    for (const row of ready) yield row;
    ready.length = 0;
  }
}

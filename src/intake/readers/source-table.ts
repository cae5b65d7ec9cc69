import type { CellValue } from '../field-values.js';

/** A tabular source read row by row: the header cells and then data rows with their line numbers. */
export interface SourceTable {
  headers: string[];
  /** Data rows in file order; `line` is the CSV line (header = 1) or the XLSX row number where the row starts. */
  rows: AsyncIterable<{ line: number; cells: CellValue[] }>;
  /** Bytes of the source consumed so far (for progress). */
  bytesRead(): number;
  /** Facts about the format for inspection and batch metadata. */
  format: { kind: 'csv' | 'xlsx'; encoding?: string; delimiter?: string; sheet?: string };
}

export type TextEncodingName = 'utf-8' | 'windows-1252';

/** The published evaluation data sets kept beside the tests (see README.md here), read as the CLI reads them. */
import { readCsvText, tableFromCsv } from '../../linkage/io/csv-file.js';
import type { TextTable } from '../design.js';

export const CARD_KRUEGER = new URL('./card-krueger-1994.csv', import.meta.url).pathname;
export const LALONDE_NSW = new URL('./lalonde-nsw-dw.csv', import.meta.url).pathname;

export function readTable(path: string): TextTable {
  return tableFromCsv(readCsvText(path), path, null);
}

/** A table from rows of values (column order as in `headers`); for small hand-computed cases. */
export function tableOf(headers: string[], rows: (string | number | null)[][]): TextTable {
  const columns = new Map<string, (string | null)[]>(
    headers.map((h, c) => [h.toLowerCase(), rows.map((row) => (row[c] == null ? null : String(row[c])))]),
  );
  return { source: 'test.csv', headers, columns };
}

/** Synthetic data with 8 villages and numpy reference values (reference/make_reference.py). */
export const FEW_CLUSTERS = new URL('./few-clusters.csv', import.meta.url).pathname;
export const STAGGERED_PANEL = new URL('./staggered-panel.csv', import.meta.url).pathname;
export const REFERENCE = new URL('./reference.json', import.meta.url).pathname;

import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { CsvSplitter, type CsvRecord } from './csv-splitter.js';

/**
 * The CSV reader entas uses wherever it reads CSV it did not write by hand-rolled splitting: RFC 4180 (quoted
 * fields, doubled quotes, fields spanning lines, LF or CRLF), a leading UTF-8 BOM dropped, blank lines skipped,
 * each record with the line it starts on. The writer is `csvLine` (src/shared/spreadsheet-export.ts); what it
 * writes reads back cell for cell (csv.test.ts), except a row of one empty cell, which is a blank line.
 */
export function readCsvRecords(text: string, delimiter = ','): CsvRecord[] {
  const splitter = new CsvSplitter(delimiter);
  return [...splitter.push(text.startsWith('\uFEFF') ? text.slice(1) : text), ...splitter.end()];
}

/** The same reader over a byte stream (UTF-8), record by record, without holding the file. */
export async function* streamCsvRecords(input: Readable, delimiter = ','): AsyncGenerator<CsvRecord> {
  const splitter = new CsvSplitter(delimiter);
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.startsWith('\uFEFF')) text = text.slice(1);
      first = false;
    }
    yield* splitter.push(text);
  }
  yield* splitter.push(decoder.end());
  yield* splitter.end();
}

import fs from 'node:fs';
import type { TextEncodingName } from './source-table.js';

/** A run of whole CSV records: raw bytes, the line the first one starts on, and the file bytes read up to it. */
export interface CsvChunk {
  bytes: Uint8Array<ArrayBuffer>;
  line: number;
  end: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Cuts the data rows of a CSV file (the header record is skipped) into chunks of whole records, about
 * `chunkBytes` each, without decoding them, so that they can be split and validated elsewhere. Quotes and
 * newlines are ASCII, so scanning bytes is safe for UTF-8 and Windows-1252 (the delimiter must be ASCII too).
 * Each chunk has its own ArrayBuffer, so it can be transferred to a worker.
 */
export async function* csvChunks(
  path: string,
  options: { encoding: TextEncodingName; delimiter: string; chunkBytes: number },
): AsyncGenerator<CsvChunk> {
  const delimiter = options.delimiter.charCodeAt(0);
  if (delimiter > 127) throw new Error(`csvChunks needs an ASCII delimiter, not ${options.delimiter}`);
  const handle = await fs.promises.open(path, 'r');
  try {
    let buffer = new Uint8Array(options.chunkBytes);
    let filled = 0;
    let read = 0;
    let eof = false;
    let line = 1;
    let header = true;
    while (!eof || filled > 0) {
      if (!eof) {
        // A record longer than the buffer: grow it.
        if (filled === buffer.length) buffer = copied(buffer, 0, filled, buffer.length * 2);
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, read);
        read += bytesRead;
        filled += bytesRead;
        eof = bytesRead === 0;
        if (!eof && filled < buffer.length) continue;
      }
      const bytes = Buffer.from(buffer.buffer, 0, filled);
      const cut = header
        ? headerEnd(bytes, delimiter, options.encoding === 'utf-8')
        : eof
          ? filled
          : lastRecordEnd(bytes, delimiter);
      if (cut <= 0) {
        if (eof) return; // only a header, without a line end
        continue;
      }
      const chunk = { bytes: buffer.subarray(0, cut), line, end: read - (filled - cut) };
      line += newlines(bytes, cut);
      buffer = copied(buffer, cut, filled, Math.max(options.chunkBytes, filled - cut));
      filled -= cut;
      if (header) header = false;
      else yield chunk;
    }
  } finally {
    await handle.close();
  }
}

/** bytes[from, to) at the start of a new buffer of `size` bytes. */
function copied(bytes: Uint8Array, from: number, to: number, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(from, to));
  return out;
}

function newlines(bytes: Buffer, to: number): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1 && i < to; i = bytes.indexOf(LF, i + 1)) n += 1;
  return n;
}

/**
 * Where the quote at `q` leaves off: after its quoted field, or just after it when it is a literal quote
 * inside an unquoted field (CsvSplitter opens a quoted field only at a field's start). -1 when the quoted
 * field is not closed within `bytes` (a final quote could still be doubled by the next byte).
 */
function afterQuote(bytes: Buffer, q: number, recordStart: number, delimiter: number): number {
  const before = bytes[q - 1];
  if (q !== recordStart && before !== delimiter && before !== LF) return q + 1;
  for (let j = q + 1; ;) {
    const c = bytes.indexOf(QUOTE, j);
    if (c === -1 || c + 1 >= bytes.length) return -1;
    if (bytes[c + 1] !== QUOTE) return c + 1;
    j = c + 2;
  }
}

/** The end (after its newline) of the last complete record in bytes, which start at a record; 0 when none. */
export function lastRecordEnd(bytes: Buffer, delimiter: number): number {
  let cut = 0;
  // The first newline at or after `pos` (kept between searches, so each byte is scanned once).
  let lf = -2;
  for (let pos = 0; ;) {
    const q = bytes.indexOf(QUOTE, pos);
    const outsideEnd = q === -1 ? bytes.length : q;
    // Newlines before the quote are outside quoted fields: each ends a record.
    for (;;) {
      if (lf !== -1 && lf < pos) lf = bytes.indexOf(LF, pos);
      if (lf === -1 || lf >= outsideEnd) break;
      cut = pos = lf + 1;
    }
    if (q === -1) return cut;
    pos = afterQuote(bytes, q, 0, delimiter);
    if (pos === -1) return cut; // an unfinished quoted field
  }
}

/** The end of the header: the first record that is not a blank line (after a UTF-8 BOM); -1 when unfinished. */
export function headerEnd(bytes: Buffer, delimiter: number, utf8: boolean): number {
  let start = utf8 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (;;) {
    if (bytes[start] === LF) start += 1;
    else if (bytes[start] === CR && bytes[start + 1] === LF) start += 2;
    else break;
  }
  for (let pos = start; ;) {
    const lf = bytes.indexOf(LF, pos);
    if (lf === -1) return -1;
    const q = bytes.indexOf(QUOTE, pos);
    if (q === -1 || q > lf) return lf + 1;
    pos = afterQuote(bytes, q, start, delimiter);
    if (pos === -1) return -1;
  }
}

import fs from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { UserError } from '../../shared/errors.js';
import { sniffDelimiter } from './encoding.js';
import type { SourceTable, TextEncodingName } from './source-table.js';

/**
 * Streams a CSV file (delimiter sniffed from the header line unless given). Line numbers count physical lines,
 * header = 1, so a record with a quoted multi-line field is reported at the line it starts on.
 */
export async function openCsv(
  path: string,
  options: { encoding: TextEncodingName; delimiter?: string; fileName?: string },
): Promise<SourceTable> {
  const label = options.fileName ?? path;
  const delimiter = options.delimiter ?? sniffDelimiter(await readFirstLine(path, options.encoding));
  let bytes = 0;
  const input = fs.createReadStream(path, { highWaterMark: 1 << 20 });
  input.on('data', (chunk) => (bytes += chunk.length));
  const decoded =
    options.encoding === 'utf-8' ? input.pipe(utf8Decoder()) : input.pipe(iconv.decodeStream('win1252'));
  const parser = decoded.pipe(
    parse({
      delimiter,
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: false,
    }),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{
    record: string[];
    info: { empty_lines: number };
  }>;
  const first = await iterator.next().catch((error: unknown) => {
    throw new UserError(
      `${label}: cannot read CSV header: ${String(error instanceof Error ? error.message : error)}`,
    );
  });
  if (first.done) throw new UserError(`${label}: the file is empty (no header line)`);
  const headers = first.value.record.map((h) => h.trim());
  let nextLine = 1 + 1 + newlines(first.value.record);
  let emptySeen = first.value.info.empty_lines;
  async function* rows() {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        const { record, info } = next.value;
        const line = nextLine + (info.empty_lines - emptySeen);
        emptySeen = info.empty_lines;
        nextLine = line + 1 + newlines(record);
        yield { line, cells: record };
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(
        `${label}: CSV syntax error near line ${nextLine}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      input.destroy();
    }
  }
  return {
    headers,
    rows: rows(),
    bytesRead: () => bytes,
    format: { kind: 'csv', encoding: options.encoding, delimiter },
  };
}

function newlines(record: readonly string[]): number {
  let n = 0;
  for (const field of record) {
    if (field.length === 0 || (!field.includes('\n') && !field.includes('\r'))) continue;
    n += (field.replace(/\r\n/g, '\n').match(/[\n\r]/g) ?? []).length;
  }
  return n;
}

function utf8Decoder(): Transform {
  const decoder = new TextDecoder('utf-8');
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, decoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, decoder.decode());
    },
  });
}

async function readFirstLine(path: string, encoding: TextEncodingName): Promise<string> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(65_536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text =
      encoding === 'utf-8'
        ? new TextDecoder('utf-8').decode(buffer.subarray(0, bytesRead))
        : iconv.decode(buffer.subarray(0, bytesRead), 'win1252');
    return text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

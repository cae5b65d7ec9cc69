import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvChunks } from './csv-chunks.js';
import { CsvSplitter, type CsvRecord } from '../../shared/csv-splitter.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-csv-chunks-'));
const file = path.join(dir, 'f.csv');

/** The data records of a whole text (header dropped), or the syntax error, as one splitter reads them. */
function whole(text: string): CsvRecord[] | string {
  try {
    const splitter = new CsvSplitter(',');
    return [...splitter.push(text.replace(/^\uFEFF/, '')), ...splitter.end()].slice(1);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The same read chunk by chunk, each chunk split on its own from its starting line. */
async function chunked(text: string, chunkBytes: number): Promise<CsvRecord[] | string> {
  fs.writeFileSync(file, text);
  const records: CsvRecord[] = [];
  let end: number | undefined;
  for await (const chunk of csvChunks(file, { encoding: 'utf-8', delimiter: ',', chunkBytes })) {
    // Contiguous, up to the end of the file.
    if (end !== undefined) expect(chunk.end - chunk.bytes.length).toBe(end);
    end = chunk.end;
    const splitter = new CsvSplitter(',', chunk.line);
    try {
      records.push(...splitter.push(Buffer.from(chunk.bytes).toString()), ...splitter.end());
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (end !== undefined) expect(end).toBe(Buffer.byteLength(text));
  return records;
}

describe('csvChunks', () => {
  it('cuts at record ends only: chunks split on their own give the records and errors of the whole (property)', async () => {
    const text = fc
      .array(fc.constantFrom('a', 'é', ',', '"', '""', '\n', '\r\n', '\r', ',"', '\n"', '\uFEFF'), {
        maxLength: 40,
      })
      .map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(text, fc.integer({ min: 1, max: 9 }), async (body, chunkBytes) => {
        const csv = `\uFEFFh,"e""a\nd"\r\n${body}`;
        expect(await chunked(csv, chunkBytes)).toEqual(whole(csv));
      }),
      { numRuns: 500 },
    );
  });

  it('skips blank lines and a BOM before the header and counts them', async () => {
    expect(await chunked('\uFEFF\n\r\nh\n\n1\n', 2)).toEqual([{ line: 5, cells: ['1'] }]);
    expect(await chunked('h', 2)).toEqual([]);
  });
});

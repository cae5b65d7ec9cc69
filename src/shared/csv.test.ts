import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, streamCsvRecords } from './csv.js';
import { csvLine, neutralizeFormula } from './spreadsheet-export.js';

// Cells with everything CSV has to quote: commas, semicolons, quotes, LF, CRLF, spaces, and text beyond ASCII.
const cell = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', ',', ';', '"', '\n', '\r\n', ' ', 'é', 'ñ', '中', '😀', '='),
  maxLength: 12,
});
// A row of one empty cell is a blank line, which the reader skips (as csv-parse and spreadsheets do).
const rows = fc.array(
  fc.array(cell, { minLength: 1, maxLength: 5 }).filter((r) => !(r.length === 1 && r[0] === '')),
  { minLength: 1, maxLength: 8 },
);
const written = (rs: string[][]) => '\uFEFF' + rs.map((r) => csvLine(r)).join('');
// The writer puts an apostrophe before text a spreadsheet would take for a formula; that is what reads back.
const expected = (rs: string[][]) => rs.map((r) => r.map(neutralizeFormula));

describe('CSV write → read', () => {
  it('reads back every cell the writer wrote (quotes, commas, newlines, unicode)', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        expect(readCsvRecords(written(rs)).map((r) => r.cells)).toEqual(expected(rs));
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same from a stream cut anywhere, even inside a multi-byte character', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 7 }), async (rs, size) => {
        const bytes = Buffer.from(written(rs), 'utf8');
        const chunks: Buffer[] = [];
        for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
        const got: string[][] = [];
        for await (const r of streamCsvRecords(Readable.from(chunks))) got.push(r.cells);
        expect(got).toEqual(expected(rs));
      }),
      { numRuns: 150 },
    );
  });

  it('numbers each record by the line it starts on', () => {
    const text = 'a,b\n"x\ny",z\n\nlast,1';
    expect(readCsvRecords(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x\ny', 'z'] },
      { line: 5, cells: ['last', '1'] },
    ]);
  });
});

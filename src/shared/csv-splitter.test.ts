import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter } from './csv-splitter.js';

const split = (text: string, delimiter = ',', chunk = text.length || 1) => {
  const s = new CsvSplitter(delimiter);
  const out = [];
  for (let i = 0; i < text.length; i += chunk) out.push(...s.push(text.slice(i, i + chunk)));
  out.push(...s.end());
  return out;
};

describe('CsvSplitter', () => {
  const text = 'a,b\r\n1,2\r\n"x\r\ny","say ""hi"""\r\n\r\n4,5\r\n6,"p\nq"\n7,\n8';
  const expected = [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['1', '2'] },
    { line: 3, cells: ['x\r\ny', 'say "hi"'] },
    { line: 6, cells: ['4', '5'] },
    { line: 7, cells: ['6', 'p\nq'] },
    { line: 9, cells: ['7', ''] },
    { line: 10, cells: ['8'] },
  ];

  it('counts physical lines across quoted multi-line fields, CRLF and blank lines', () => {
    expect(split(text)).toEqual(expected);
  });

  it('gives the same records whatever the chunking', () => {
    for (let chunk = 1; chunk <= text.length; chunk++) expect(split(text, ',', chunk)).toEqual(expected);
  });

  it('round-trips any table written with RFC 4180 quoting (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ';', '"', '\n', '\r\n', ' ', 'é') });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, chunk) => {
          const csv = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(';')).join('\n') + '\n';
          expect(split(csv, ';', chunk).map((r) => r.cells)).toEqual(rows);
        },
      ),
    );
  });

  it('reports an unclosed quote with its line', () => {
    expect(() => split('a\n"open\n')).toThrow('unclosed quoted field starting on line 2');
  });
});

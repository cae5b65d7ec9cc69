import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCodedTables, readCsvHeaders } from './csv-columns.js';
import { tableFromCsv } from './csv-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-csv-columns-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};

describe('coded CSV reading (large files)', () => {
  const text =
    '\ufeff ID ,Name,Address\r\n' +
    '1,"Siti, Hj.","RT 1 / RW 2, ""Desa"" A"\r\n' +
    '\r\n' +
    '2 ,  Budi ,\r\n' +
    '3,"Ani\nB",x\n' +
    '4,\u00a0Budi\u00a0\n' +
    '5,Éva\n' +
    '"6 ""b""",Tono\n' +
    'Ü7,Rina';

  it('reads the same values as the text reader, interned', () => {
    const [coded] = readCodedTables([file('a.csv', text)], 'id', ['name', 'address']);
    const plain = tableFromCsv(text, 'a.csv', 'id');
    expect(coded!.headers).toEqual(plain.headers);
    expect(coded!.size).toBe(7);
    expect(coded!.ids).toEqual(plain.ids);
    expect(coded!.ids.slice(5)).toEqual(['6 "b"', 'Ü7']);
    for (const c of ['name', 'address']) expect(coded!.columns.get(c)).toEqual(plain.columns.get(c));
    // "Budi" with ASCII and with no-break spaces around it is one value.
    const name = coded!.coded!.get('name')!;
    expect(name.codes[1]).toBe(name.codes[3]);
    expect(readCsvHeaders(file('a.csv', text))).toEqual(['id', 'name', 'address']);
  });

  it('shares codes across the files read together', () => {
    const [a, b] = readCodedTables(
      [file('l.csv', 'id,name\nL1,Siti\nL2,Budi\n'), file('r.csv', 'id,name\nR1,Budi\nR2,Ani\n')],
      'id',
      ['name'],
    );
    const codes = (t: typeof a) => Array.from(t!.coded!.get('name')!.codes);
    expect(codes(a)).toEqual([0, 1]);
    expect(codes(b)).toEqual([1, 2]);
    expect(a!.coded!.get('name')!.values).toBe(b!.coded!.get('name')!.values);
  });

  it('names the file and row of bad input', () => {
    expect(() => readCodedTables([file('d.csv', 'id,name\n1,a\n1,b\n')], 'id', ['name'])).toThrow(
      'd.csv: row 3: id "1" appears more than once',
    );
    expect(() => readCodedTables([file('q.csv', 'id,name\n1,"a\n')], 'id', ['name'])).toThrow(
      'q.csv: row starting on line 2: unterminated quote',
    );
    expect(() => readCodedTables([file('e.csv', 'id,name\n,a\n')], 'id', ['name'])).toThrow(
      'e.csv: row 2: column "id" is empty',
    );
    expect(() => readCodedTables([file('m.csv', 'nama\nx\n')], 'id', [])).toThrow(
      'm.csv: missing id column "id"',
    );
    expect(() => readCodedTables([path.join(dir, 'gone.csv')], 'id', [])).toThrow(
      'gone.csv: cannot read file',
    );
  });
});

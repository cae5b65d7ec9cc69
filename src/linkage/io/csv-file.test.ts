import { describe, expect, it } from 'vitest';
import { parseCsv, tableFromCsv } from './csv-file.js';

describe('CSV for linkage', () => {
  it('parses quotes, escaped quotes, CRLF and embedded commas', () => {
    const text = 'id,name,address\r\n1,"Siti, Hj.","RT 1 / RW 2, ""Desa"" A"\r\n2,Budi,\r\n3,"Ani\nB",x';
    expect(parseCsv(text, 'f.csv')).toEqual([
      ['id', 'name', 'address'],
      ['1', 'Siti, Hj.', 'RT 1 / RW 2, "Desa" A'],
      ['2', 'Budi', ''],
      ['3', 'Ani\nB', 'x'],
    ]);
  });
  it('trims headers and values, lower-cases headers, empty → null', () => {
    const t = tableFromCsv(' ID , Name \n a1 ,  Siti \n a2 , \n', 'f.csv', 'id');
    expect(t.headers).toEqual(['id', 'name']);
    expect(t.ids).toEqual(['a1', 'a2']);
    expect(t.columns.get('name')).toEqual(['Siti', null]);
  });
  it('names the file and row of bad input', () => {
    expect(() => tableFromCsv('id,name\n1,a\n1,b\n', 'list.csv', 'id')).toThrow(
      'list.csv: row 3: id "1" appears more than once',
    );
    expect(() => tableFromCsv('id,name\n1,"a\n', 'list.csv', 'id')).toThrow(
      'list.csv: row starting on line 2: unterminated quote',
    );
    expect(() => tableFromCsv('nama\nx\n', 'list.csv', 'id')).toThrow('list.csv: missing id column "id"');
  });
});

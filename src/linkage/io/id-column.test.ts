import { describe, expect, it } from 'vitest';
import { hashBytes } from '../intern.js';
import { IdColumn } from './id-column.js';

const push = (column: IdColumn, id: string, hash?: number) => {
  const b = Buffer.from(id);
  column.push(b, 0, b.length, hash ?? hashBytes(b, 0, b.length));
};

describe('IdColumn', () => {
  it('keeps every row id (UTF-8 too) beyond its initial size', () => {
    const column = new IdColumn(2);
    const ids = ['A-001', 'Ñoño', ...Array.from({ length: 5000 }, (_, i) => `id-${i}`)];
    for (const id of ids) push(column, id);
    expect(column.size).toBe(ids.length);
    expect(ids.map((_, row) => column.id(row))).toEqual(ids);
    expect(column.firstDuplicate()).toBe(-1);
  });

  it('finds the first row repeating an earlier id', () => {
    const column = new IdColumn(10);
    for (const id of ['a', 'b', 'c', 'b', 'a']) push(column, id);
    expect(column.firstDuplicate()).toBe(3);
  });

  it('tells ids that share a hash apart', () => {
    const column = new IdColumn(4);
    push(column, 'x', 42);
    push(column, 'y', 42);
    push(column, 'z', 7);
    expect(column.firstDuplicate()).toBe(-1);
    push(column, 'y', 42);
    expect(column.firstDuplicate()).toBe(3);
  });
});

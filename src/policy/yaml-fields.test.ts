import { describe, expect, it } from 'vitest';
import {
  bilingual,
  bool,
  listOf,
  mapOf,
  optional,
  readMap,
  rupiah,
  text,
  wholeNumber,
} from './yaml-fields.js';
import { YamlSource } from './yaml-source.js';

const ITEM = mapOf({ code: text({ required: true }), cost: rupiah() }, 'an item is a map', ({ values }) =>
  values.code ? { code: values.code, cost: values.cost ?? 0 } : null,
);
const SHAPE = {
  name: text({ required: true, check: (v) => v === v.toLowerCase() || 'use lower case' }),
  size: wholeNumber({ min: 1 }),
  open: bool(true),
  title: optional(bilingual()),
  items: listOf(ITEM),
};

function read(yaml: string) {
  const source = new YamlSource(yaml);
  const { values } = readMap(source, source.root!, '', SHAPE);
  return {
    values,
    diagnostics: source.diagnostics.map(({ code, path, line, col }) => ({ code, path, line, col })),
  };
}

describe('YAML field schema', () => {
  it('reads typed values, with defaults for absent optional keys and no report', () => {
    const { values, diagnostics } = read('name: kupang\nitems:\n  - code: A\n    cost: 500\n  - code: B\n');
    expect(diagnostics).toEqual([]);
    expect(values).toEqual({
      name: 'kupang',
      size: undefined,
      open: true,
      title: undefined,
      items: [
        { code: 'A', cost: 500 },
        { code: 'B', cost: 0 },
      ],
    });
  });

  it('reports each problem at the node that has it, and a missing key at the map that lacks it', () => {
    const { values, diagnostics } = read(
      'name: Kupang\nsize: 0\nopen: maybe\ncolour: red\ntitle: {id: Judul}\nitems:\n  - cost: -1\n',
    );
    expect(diagnostics).toEqual([
      { code: 'unknown_key', path: 'colour', line: 4, col: 1 },
      { code: 'invalid', path: 'name', line: 1, col: 7 },
      { code: 'wrong_type', path: 'size', line: 2, col: 7 },
      { code: 'wrong_type', path: 'open', line: 3, col: 7 },
      { code: 'missing_text', path: 'title.en', line: 5, col: 8 },
      // The item lacks its code: reported at the item (line 7), not at the top of the file.
      { code: 'missing', path: 'items[0].code', line: 7, col: 5 },
      { code: 'wrong_type', path: 'items[0].cost', line: 7, col: 11 },
    ]);
    expect(values.items).toEqual([null]);
  });

  it('names the allowed keys when it meets an unknown one, and refuses an empty list', () => {
    const source = new YamlSource('name: a\nitems: []\nextra: 1\n');
    readMap(source, source.root!, '', SHAPE);
    expect(source.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['unknown_key', 'unknown key "extra" (allowed: name, size, open, title, items)'],
      ['wrong_type', '"items" must be a non-empty list'],
    ]);
  });
});

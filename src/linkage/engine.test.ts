import { describe, expect, it } from 'vitest';
import { runLinkage } from './engine.js';
import { matchingProbabilities } from './matching.js';
import { buildComparators } from './fields/index.js';
import { tableFromCsv } from './io/csv-file.js';
import { personPreset } from './settings.js';

const left = tableFromCsv(
  [
    'id,nik,name,birth_date,sex,village_code',
    'L1,3201014507900001,Siti Aminah,1990-07-05,P,32.01.01.2001',
    'L2,3201010101850002,Budi Santoso,1985-01-01,L,32.01.01.2001',
    'L3,3201016203950001,Dewi Lestari,1995-03-22,P,32.01.01.2002',
    'L4,3201011208800001,Muhammad Yusuf,1980-08-12,L,32.01.01.2002',
  ].join('\n'),
  'left.csv',
  'id',
);
const right = tableFromCsv(
  [
    'id,nik,name,birth_date,sex,village_code',
    'R1,3201014507900001,HJ. SITI AMINAH,05/07/1990,P,32.01.01.2001',
    'R2,,Santoso Budi,1985-01-01,L,32.01.01.2001',
    'R3,3201016203950001,Dewi Lestari,1995-03-22,P,32.01.01.2002',
    'R4,3201011208800001,Moch. Yusuf,1980-08-12,L,32.01.01.2002',
  ].join('\n'),
  'right.csv',
  'id',
);

describe('linkage engine', () => {
  const settings = { ...personPreset(left.headers), uSample: 2000, oneToOne: true };
  const fields = () => buildComparators(settings, [left, right]);
  const links = (r: Awaited<ReturnType<typeof runLinkage>>) =>
    r.selected
      .filter((p) => r.reviewed[p] === 1 || r.probability[p]! >= 0.5)
      .map((p) => `${left.ids[r.pairs.left[p]!]}|${right.ids[r.pairs.right[p]!]}`)
      .sort();

  it('links title, Muhammad-spelling, order and date-format variants; explains each pair', async () => {
    const result = await runLinkage(settings, fields(), left, right);
    expect(links(result)).toEqual(['L1|R1', 'L2|R2', 'L3|R3', 'L4|R4']);
    expect(result.blocking.map((b) => b.rule.join('+'))).toEqual([
      'nik',
      'birth_date+village_code:district',
      'name+village_code',
      'name:first+birth_date:year+village_code:district',
    ]);
    expect(result.explain(result.selected[0]!)).toHaveLength(result.fields.length);
  });

  it('reuses clerical decisions: a reviewed non-match is dropped, a reviewed match kept', async () => {
    const decisions = new Map([
      ['L3|R3', false],
      ['L2|R2', true],
    ]);
    const result = await runLinkage(settings, fields(), left, right, { decisions });
    expect(links(result)).toEqual(['L1|R1', 'L2|R2', 'L4|R4']);
  });
});

describe('competing candidates (both lists deduplicated)', () => {
  it('namesakes who both look like one row share its probability; a lone candidate keeps its own', () => {
    // Pairs: (0,0) and (1,0) both 10 bits for right record 0; (2,1) alone at 3 bits.
    const weight = Float64Array.from([10, 10, 3]);
    const candidates = { left: Int32Array.from([0, 1, 2]), right: Int32Array.from([0, 0, 1]), count: 3 };
    const out = new Float64Array(3);
    matchingProbabilities({ weight, ...candidates, leftDeduplicated: true, rightDeduplicated: true }, out);
    expect(out[0]).toBeCloseTo(1024 / (1 + 2048), 10);
    expect(out[0]).toBeLessThan(0.5);
    expect(out[1]).toBe(out[0]);
    expect(out[2]).toBeCloseTo(8 / 9, 10);
  });
  it('two pairs sharing a record never both exceed 0.5', () => {
    const weight = Float64Array.from([40, 39.9, 2, 1]);
    const candidates = {
      left: Int32Array.from([0, 0, 1, 1]),
      right: Int32Array.from([0, 1, 1, 0]),
      count: 4,
    };
    const out = new Float64Array(4);
    matchingProbabilities({ weight, ...candidates, leftDeduplicated: true, rightDeduplicated: true }, out);
    for (let a = 0; a < 4; a++)
      for (let b = a + 1; b < 4; b++)
        if (candidates.left[a] === candidates.left[b] || candidates.right[a] === candidates.right[b])
          expect(out[a]! > 0.5 && out[b]! > 0.5).toBe(false);
  });
});

describe("another person's NIK", () => {
  it('adds nothing when the name and birth date disagree', async () => {
    const registry = tableFromCsv(
      [
        'id,nik,name,birth_date,sex,village_code',
        'A,3201014507900001,Siti Aminah,1990-07-05,P,32.01.01.2001',
        'B,3201014507900002,Rina Wati,1990-07-05,P,32.01.01.2001',
        'C,3201011203880001,Joko Susilo,1988-03-12,L,32.01.01.2001',
      ].join('\n'),
      'registry.csv',
      'id',
    );
    const list = tableFromCsv(
      [
        'id,nik,name,birth_date,sex,village_code',
        // Siti's NIK typed on Joko's row (an exact NIK, nothing else agrees).
        'X,3201014507900001,Joko Susilo,1988-03-12,L,32.01.01.2001',
      ].join('\n'),
      'list.csv',
      'id',
    );
    const settings = { ...personPreset(registry.headers), oneToOne: true };
    const fields = buildComparators(settings, [registry, list]);
    const result = await runLinkage(settings, fields, registry, list);
    const nik = fields.findIndex((f) => f.type === 'nik');
    const pair = (l: number) => {
      for (let p = 0; p < result.pairs.count; p++)
        if (result.pairs.left[p] === l && result.pairs.right[p] === 0) return p;
      return -1;
    };
    expect(pair(0)).toBeGreaterThanOrEqual(0);
    expect(result.explain(pair(0))[nik]).toBe(0);
    expect(result.probability[pair(0)]).toBeLessThan(0.5);
    // Joko's own registry row: the NIK disagrees, everything else agrees.
    expect(result.probability[pair(2)]).toBeGreaterThan(result.probability[pair(0)]!);
    expect(result.explain(pair(2))[fields.findIndex((f) => f.type === 'name')]).toBeGreaterThan(0);
  });
});

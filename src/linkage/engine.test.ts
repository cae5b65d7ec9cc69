import { describe, expect, it } from 'vitest';
import { runLinkage } from './engine.js';
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
      'name+village_code:district',
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

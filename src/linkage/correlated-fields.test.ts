import { describe, expect, it } from 'vitest';
import { ADDRESS_LEVELS } from './fields/address-field.js';
import { buildComparators } from './fields/index.js';
import { bayesFactors, type TrainedModel } from './model.js';
import { prepareTables, type RecordTable } from './record-table.js';
import { personPreset } from './settings.js';
import { compareNiks } from './fields/nik-field.js';
import { estimateU } from './u-estimation.js';

// 60 villages of 20 RTs each; every record's address is its RT in its village, so an agreeing address always
// means an agreeing village: P(same village) = 1/60, P(same address) = 1/1200 for records drawn at random.
const VILLAGES = 60;
const RTS = 20;
function table(source: string, size: number, offset: number): RecordTable {
  const village: string[] = [];
  const address: string[] = [];
  for (let i = 0; i < size; i++) {
    const v = (i * 7 + offset) % VILLAGES;
    const rt = Math.floor(i / VILLAGES + offset) % RTS;
    village.push(`3201${String(10 + (v % 6)).padStart(2, '0')}20${String(10 + v).padStart(2, '0')}`);
    address.push(`RT ${String(rt + 1).padStart(3, '0')} / RW 001, Desa ${v}`);
  }
  const columns = new Map<string, (string | null)[]>([
    // The district's code, a birth day (1–28 January 1990) and serial 0001: NIKs one digit apart abound within
    // a district and never occur across districts.
    [
      'nik',
      village.map(
        (v, i) => `${v.slice(0, 6)}${String(1 + ((i * 13 + offset) % 28)).padStart(2, '0')}01900001`,
      ),
    ],
    ['name', village.map((_, i) => `Orang ${i}`)],
    ['birth_date', village.map(() => null)],
    ['sex', village.map(() => 'L')],
    ['village_code', village],
    ['address', address],
  ]);
  return { source, headers: ['id', ...columns.keys()], ids: village.map((_, i) => `${source}${i}`), columns };
}

describe('an address compared within its village', () => {
  const left = table('registry', 12_000, 0);
  const right = table('list', 6_000, 3);
  const settings = personPreset(left.headers);
  const fields = buildComparators(settings, [left, right]);
  const village = fields.findIndex((f) => f.label === 'village_code');
  const address = fields.findIndex((f) => f.label === 'address');

  it('levels: the text levels within one village, one level for another village', () => {
    expect(fields[address]!.levels).toEqual(ADDRESS_LEVELS);
    const a = fields[address]!.prepare(['RT 001 / RW 001, Desa 1', '3201102010'])!;
    const b = fields[address]!.prepare(['RT 1/RW 1, Desa 1', '3201102010'])!;
    const elsewhere = fields[address]!.prepare(['RT 001 / RW 001, Desa 1', '3201102011'])!;
    expect(fields[address]!.compare(a, a)).toBe(1);
    expect(fields[address]!.compare(a, b)).toBeLessThan(ADDRESS_LEVELS.length);
    expect(fields[address]!.compare(a, elsewhere)).toBe(ADDRESS_LEVELS.length);
  });

  it('agreeing on village and address counts the address once: weight ≈ log2(m / P(same address))', () => {
    const { left: l, right: r } = prepareTables(left, right, fields);
    const u = estimateU(fields, l, r, 20_000);
    // Joint u: P(same village and same address) and P(another village).
    expect(u[address]![1]!).toBeCloseTo(1 / (VILLAGES * RTS), 4);
    expect(u[address]![ADDRESS_LEVELS.length]!).toBeCloseTo(1 - 1 / VILLAGES, 3);
    // Matches: all in the same village, 90 % at the same address.
    const m = (k: number, first: number) => [
      0,
      first,
      ...Array.from({ length: k - 1 }, () => (1 - first) / (k - 1)),
    ];
    const model: TrainedModel = {
      fields: fields.map((f, i) => ({
        label: f.label,
        type: f.type,
        levels: f.levels,
        m:
          i === address
            ? [0, 0.9, 0.025, 0.025, 0.025, 0.025, 0]
            : m(f.levels.length, i === village ? 1 - 1e-6 : 0.9),
        u: Array.from(u[i]!),
        trainedBy: 1,
        ...(f.within !== undefined ? { within: f.within } : {}),
      })),
      prior: 0,
      runs: [],
    };
    const w = bayesFactors(model);
    const both = w[village]![1]! + w[address]![1]!;
    // Counted twice (independent fields), the village's log2(60) ≈ 5.9 bits came on top.
    expect(both).toBeCloseTo(Math.log2(0.9 * VILLAGES * RTS), 0);
    expect(w[address]![ADDRESS_LEVELS.length]).toBe(0);
  });

  it("a NIK's u is that of pairs within one district (the region field counts the district)", () => {
    const { left: l, right: r } = prepareTables(left, right, fields);
    const nik = fields.findIndex((f) => f.type === 'nik');
    const u = estimateU(fields, l, r, 20_000);
    // Share of pairs of one district whose NIKs are one digit apart, counted over all such pairs of a part.
    const niks = (t: RecordTable) => t.columns.get('nik')!.slice(0, 1200) as string[];
    let same = 0;
    let oneDigit = 0;
    for (const a of niks(left))
      for (const b of niks(right)) {
        if (a.slice(0, 6) !== b.slice(0, 6)) continue;
        same++;
        if (compareNiks(a, b) === 2) oneDigit++;
      }
    // From random pairs (five in six of other districts) it was about a sixth of this.
    expect(u[nik]![2]!).toBeCloseTo(oneDigit / same, 1);
    expect(u[nik]![2]!).toBeGreaterThan(0.1);
  });
});

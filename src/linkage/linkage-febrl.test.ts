import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runLinkage } from './engine.js';
import { pairQuality } from './evaluate.js';
import { buildComparators } from './fields/index.js';
import { readCsvText, tableFromCsv } from './io/csv-file.js';
import { parseSettings } from './settings.js';

const data = (f: string) => fileURLToPath(new URL(`./testdata/${f}`, import.meta.url));

describe('FEBRL4, unsupervised', () => {
  it('links the two files with F1 ≥ 0.99 without labels', async () => {
    const settings = parseSettings(
      { ...(JSON.parse(readCsvText(data('febrl4-settings.json'))) as object), u_sample: 30_000 },
      'febrl4-settings.json',
    );
    const left = tableFromCsv(readCsvText(data('febrl4a.csv')), 'febrl4a.csv', settings.id);
    const right = tableFromCsv(readCsvText(data('febrl4b.csv')), 'febrl4b.csv', settings.id);
    const fields = buildComparators(settings, [left, right]);
    const reports: number[] = [];
    const result = await runLinkage(settings, fields, left, right, {
      onBlocking: (r) => reports.push(...r.map((x) => x.pairs)),
    });
    expect(reports.length).toBeGreaterThan(3);
    const predicted = new Set<string>();
    for (const p of result.selected)
      if (result.probability[p]! >= 0.5)
        predicted.add(`${left.ids[result.pairs.left[p]!]}|${right.ids[result.pairs.right[p]!]}`);
    const truth = new Set(left.ids.map((id) => `${id}|${id.replace('-org', '-dup-0')}`));
    const q = pairQuality(predicted, truth);
    expect(q.f1).toBeGreaterThanOrEqual(0.99);
    // Trained, not fixed: exact soc_sec_id agreement is strong evidence, disagreement on it is against.
    const ssid = result.model.fields.find((f) => f.label === 'soc_sec_id')!;
    expect(Math.log2(ssid.m[1]! / ssid.u[1]!)).toBeGreaterThan(8);
    expect(Math.log2(ssid.m[4]! / ssid.u[4]!)).toBeLessThan(-2);
    expect(result.model.runs.length).toBeGreaterThanOrEqual(5);
    // Every output pair is explained field by field: contributions sum to the weight minus the prior.
    const p0 = result.selected[0]!;
    const sum = result.explain(p0).reduce((a, b) => a + b, 0);
    expect(sum + Math.log2(result.model.prior / (1 - result.model.prior))).toBeCloseTo(result.weight[p0]!, 6);
  }, 120_000);
});

import { describe, expect, it } from 'vitest';
import { loadIndicatorSets } from './definition-files.js';
import { definitionHash, indicatorValue, parseIndicatorSet, parsePeriod } from './definition.js';

const one = (body: string) =>
  `set: test\nindicators:\n  - id: xy\n    name: { id: X, en: X }\n    description: { id: D, en: D }\n${body}`;

describe('indicator definitions', () => {
  it('the built-in set parses and names every indicator in both languages', () => {
    const [core] = loadIndicatorSets();
    expect(core!.name).toBe('core');
    expect(core!.indicators.map((d) => d.id)).toContain('kpm_conversion');
    for (const d of core!.indicators) expect(d.name.id && d.name.en).toBeTruthy();
  });

  it('errors name the file, line and field', () => {
    const bad = one(
      '    subject: recipient_households\n    numerator: { count: rows, where: [membr] }\n    unit: count\n    periods: [month]\n',
    );
    expect(() => parseIndicatorSet(bad, 'bad.yaml')).toThrow(
      /^bad\.yaml:7: indicators\[0\]\.numerator\.where\[0\]: unknown flag "membr" \(subject recipient_households has: member,/,
    );
    const wrongSubject = one(
      '    subject: loans\n    numerator: { count: rows }\n    unit: count\n    periods: [month]\n',
    );
    expect(() => parseIndicatorSet(wrongSubject, 'f.yaml')).toThrow(
      /f\.yaml:6: indicators\[0\]\.subject: unknown subject "loans"/,
    );
    const factor = one(
      '    subject: household_snapshots\n    numerator: { count: rows }\n    denominator: { count: rows }\n    factor: 100\n    unit: ratio\n    periods: [month]\n',
    );
    expect(() => parseIndicatorSet(factor, 'f.yaml')).toThrow(/factor 100 does not fit unit ratio/);
    const disagg = one(
      '    subject: cooperative_members\n    numerator: { count: rows }\n    unit: count\n    periods: [year]\n    disaggregations: [program]\n',
    );
    expect(() => parseIndicatorSet(disagg, 'f.yaml')).toThrow(
      /disaggregations\[0\]: subject cooperative_members cannot be broken down by program/,
    );
    expect(() => parseIndicatorSet('set: [', 'y.yaml')).toThrow(/^y\.yaml:\d+: \(file\): not valid YAML/);
  });

  it('the version hash follows what is counted, not the names', () => {
    const [core] = loadIndicatorSets();
    const def = core!.indicators[0]!;
    expect(definitionHash({ ...def, name: { id: 'lain', en: 'other' } })).toBe(definitionHash(def));
    expect(definitionHash({ ...def, periods: ['year'] })).not.toBe(definitionHash(def));
  });

  it('values, periods', () => {
    expect(indicatorValue({ factor: 100, denominator: { sum: null, where: [] } }, 1, 3)).toBeCloseTo(
      33.3333,
      4,
    );
    expect(indicatorValue({ factor: 100, denominator: { sum: null, where: [] } }, 0, 0)).toBeNull();
    expect(indicatorValue({ factor: 1, denominator: null }, 7, null)).toBe(7);
    expect(parsePeriod('2026Q2')).toEqual({ granularity: 'quarter', period: '2026Q2' });
    expect(parsePeriod('2026-q2')).toEqual({ granularity: 'quarter', period: '2026Q2' });
    expect(parsePeriod('2026-05')).toEqual({ granularity: 'month', period: '2026-05' });
    expect(parsePeriod('2026')).toEqual({ granularity: 'year', period: '2026' });
    expect(parsePeriod('2026-13')).toBeNull();
  });
});

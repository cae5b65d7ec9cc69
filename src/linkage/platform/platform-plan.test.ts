import { describe, expect, it } from 'vitest';
import { mergePlans, residualRows, villagePairs, type LinkPlan } from './platform-plan.js';
import { rowKey, type SourceRow } from './platform-records.js';

const row = (id: number, villageCode: string | null): SourceRow => ({
  table: 'program_enrolments',
  id,
  nik: null,
  name: `Penerima ${id}`,
  villageCode,
  kk: null,
});

describe('platform linkage plan', () => {
  const rows = [row(1, 'A'), row(2, 'A'), row(3, 'B'), row(4, null)];
  const plan: LinkPlan = {
    links: [{ row: rows[0]!, personId: 10, probability: 0.99, reviewed: false }],
    review: [{ leftKey: 'person:11', rightKey: 'enrolment:2', probability: 0.3, explanation: {} }],
    unlinked: 3,
    linkedByReview: 0,
  };

  it('takes a second look only at rows with neither a link nor a pair in review', () => {
    const rest = residualRows(plan, rows, (r) => rowKey(r.table, r.id));
    expect(rest.map((r) => r.id)).toEqual([3, 4]);
  });

  it('counts village pairs as persons × rows per village (rows without a village give none)', () => {
    const persons = [{ villageCode: 'A' }, { villageCode: 'A' }, { villageCode: 'B' }, { villageCode: null }];
    expect(villagePairs(persons, rows)).toBe(2 * 2 + 1);
  });

  it('folds the second look into the plan', () => {
    const second: LinkPlan = {
      links: [{ row: rows[2]!, personId: 12, probability: 0.9, reviewed: false }],
      review: [],
      unlinked: 1,
      linkedByReview: 0,
    };
    const merged = mergePlans(plan, second, 2);
    expect(merged.links.map((l) => l.personId)).toEqual([10, 12]);
    expect(merged.unlinked).toBe(2);
    expect(merged.review).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { parseDecileList } from './decile-list.js';
import { ProgramRepository } from './program-repository.js';

describe('parseDecileList', () => {
  it.each([
    ['1-4', [1, 2, 3, 4]],
    ['1,2,3', [1, 2, 3]],
    ['5, 1-3', [1, 2, 3, 5]],
    ['10', [10]],
  ])('%s', (text, expected) => expect(parseDecileList(text)).toEqual(expected));
  it.each(['0-3', '4-2', '11', 'x', ''])('rejects %j', (text) =>
    expect(() => parseDecileList(text)).toThrow(/decile/),
  );
});

describe.each(testEngines())('programs on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  it('ships the default programs and lets eligibility be configured', async () => {
    const repo = new ProgramRepository(ctx.database.db);
    const pkh = (await repo.list()).find((p) => p.code === 'PKH');
    expect(pkh?.eligibleDeciles).toEqual([1, 2, 3, 4]);
    const updated = await repo.update('PKH', { eligibleDeciles: [1, 2, 3], monthlyBenefit: 300000 });
    expect(updated).toMatchObject({ eligibleDeciles: [1, 2, 3], monthlyBenefit: 300000, active: true });
    await expect(repo.update('NOPE', { active: false })).rejects.toThrow('unknown program "NOPE"');
  });
});

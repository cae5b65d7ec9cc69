import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../../testing/test-database.js';
import { LinkageRepository } from './linkage-repository.js';

describe.each(testEngines())('linkage runs, review queue and decisions on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  it('records a run with its review queue; decisions leave the queue and are reused', async () => {
    const repo = new LinkageRepository(ctx.database.db);
    const runId = await repo.recordRun({
      kind: 'link',
      leftSource: 'registry.csv',
      rightSource: 'pkh.csv',
      settings: { id: 'id' },
      model: { prior: 1e-5 },
      blocking: [{ rule: ['nik'], pairs: 10, new_pairs: 10 }],
      quality: null,
      candidatePairs: 10,
      matches: 7,
      startedAt: new Date('2026-01-31T00:00:00Z'),
      runBy: 'cli:test',
      review: [
        { leftKey: 'R1', rightKey: 'B1', probability: 0.3, explanation: { name: 2.5, nik: -4 } },
        { leftKey: 'R2', rightKey: 'B2', probability: 0.45, explanation: { name: 6 } },
      ],
    });
    expect((await repo.openReview(runId)).map((r) => r.rightKey)).toEqual(['B2', 'B1']);
    await repo.decide({ leftKey: 'R2', rightKey: 'B2', decision: 'non_match', decidedBy: 'clerk' });
    await repo.decide({
      leftKey: 'R2',
      rightKey: 'B2',
      decision: 'match',
      decidedBy: 'supervisor',
      note: 'KK seen',
    });
    const open = await repo.openReview(runId);
    expect(open).toEqual([
      { leftKey: 'R1', rightKey: 'B1', probability: 0.3, explanation: { name: 2.5, nik: -4 } },
    ]);
    expect([...(await repo.decisions())]).toEqual([['R2|B2', true]]);
    const run = await ctx.database.db.selectFrom('linkage_runs').selectAll().executeTakeFirstOrThrow();
    expect(run).toMatchObject({ kind: 'link', candidate_pairs: 10, matches: 7, review: 2 });
  });
});

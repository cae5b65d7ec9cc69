import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { appendAudit, verifyAuditChain } from './audit-log.js';
import { AuditWriter } from './audit-writer.js';

describe.each(testEngines())('group-committed audit writer on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('commits 200 concurrent entries in a few batches, in one unbroken chain with single appends around them', async () => {
    await ctx.database.transaction((tx) => appendAudit(tx, { actor: 'a', action: 'before' }));
    const writer = new AuditWriter(ctx.database);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        writer.append({
          actor: `user${i}`,
          action: 'household.read',
          subjectType: 'household',
          subjectId: i,
          details: { n: i },
        }),
      ),
    );
    await ctx.database.transaction((tx) => appendAudit(tx, { actor: 'a', action: 'after' }));
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true, entries: 202 });
    const batches = await ctx.database.db
      .selectFrom('audit_log')
      .select('at')
      .where('action', '=', 'household.read')
      .groupBy('at')
      .execute();
    expect(batches.length).toBeLessThanOrEqual(3); // first entry alone, then the rest together
    const subjects = await ctx.database.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'household.read')
      .orderBy('id')
      .execute();
    expect(subjects.map((s) => Number(s.subject_id))).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('rejects every waiting caller when the batch cannot commit', async () => {
    const writer = new AuditWriter(ctx.database);
    const bad = writer.append({ actor: 'x', action: 'y', details: { big: 1n as unknown as number } });
    await expect(bad).rejects.toThrow();
    expect((await verifyAuditChain(ctx.database.db)).ok).toBe(true);
  });
});

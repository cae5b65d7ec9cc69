import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { appendAudit, appendAuditBatch, appendAuditBatchAfter, verifyAuditChain } from './audit-log.js';
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

describe.each(testEngines())('appending after a remembered head on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const entry = (n: number) => ({ actor: 'reader', action: 'household.read', subjectId: n });

  it('appends after the current head in one statement; after a stale head writes nothing', async () => {
    const before = (await verifyAuditChain(ctx.database.db)).entries;
    const head = await ctx.database.transaction((tx) => appendAuditBatch(tx, [entry(1), entry(2)]));
    const next = await appendAuditBatchAfter(ctx.database.db, head!, [entry(3), entry(4)]);
    expect(next).toBeDefined();
    expect(next!.id).toBeGreaterThan(head!.id);
    // Another writer appends: the remembered head is stale, so the blind append is refused and nothing is written.
    await ctx.database.transaction((tx) => appendAudit(tx, { actor: 'admin', action: 'user.disable' }));
    expect(await appendAuditBatchAfter(ctx.database.db, next!, [entry(5)])).toBeUndefined();
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true, entries: before + 5 });
  });

  it('the group writer keeps one chain when other writers append between its batches', async () => {
    const before = (await verifyAuditChain(ctx.database.db)).entries;
    const writer = new AuditWriter(ctx.database);
    for (let round = 0; round < 3; round++) {
      await Promise.all([1, 2, 3].map((n) => writer.append(entry(round * 10 + n))));
      await ctx.database.transaction((tx) => appendAudit(tx, { actor: 'admin', action: `change.${round}` }));
      await writer.append(entry(round * 10 + 9));
    }
    expect(await verifyAuditChain(ctx.database.db)).toMatchObject({ ok: true, entries: before + 15 });
  });

  it('the database refuses a second entry chained to the same predecessor (no fork)', async () => {
    await ctx.database.transaction((tx) => appendAuditBatch(tx, [entry(1)]));
    const first = await ctx.database.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await expect(
      ctx.database.db
        .insertInto('audit_log')
        .values({
          at: first.at,
          actor: 'forger',
          action: first.action,
          details: JSON.stringify({}),
          prev_hash: first.prev_hash,
          hash: 'f'.repeat(64),
        })
        .execute(),
    ).rejects.toThrow(/audit_log_prev_hash_key/);
  });
});

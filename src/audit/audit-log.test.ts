import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { appendAudit, canonicalJson, verifyAuditChain } from './audit-log.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe.each(testEngines())('audit chain on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('verifies an intact chain and names the first altered or removed entry', async () => {
    const { database } = ctx;
    for (let i = 0; i < 5; i++) {
      await database.transaction((tx) =>
        appendAudit(tx, {
          actor: 'tester',
          action: 'person.read',
          subjectType: 'person',
          subjectId: i,
          purpose: 'verification',
          details: { n: i, nested: { b: 2, a: 1 } },
        }),
      );
    }
    expect(await verifyAuditChain(database.db, 2)).toEqual({ ok: true, entries: 5 });

    const third = await database.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    await sql`UPDATE audit_log SET actor = 'mallory' WHERE id = ${third.id}`.execute(database.db);
    const altered = await verifyAuditChain(database.db);
    expect(altered.ok).toBe(false);
    expect(altered.first_broken?.id).toBe(third.id);

    await sql`UPDATE audit_log SET actor = 'tester' WHERE id = ${third.id}`.execute(database.db);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
    await sql`DELETE FROM audit_log WHERE id = ${third.id}`.execute(database.db);
    const removed = await verifyAuditChain(database.db);
    expect(removed.ok).toBe(false);
    expect(removed.first_broken?.id).toBeGreaterThan(third.id);
  });

  it('drops the entry with the transaction that failed', async () => {
    const before = await verifyAuditChain(ctx.database.db);
    await expect(
      ctx.database.transaction(async (tx) => {
        await appendAudit(tx, { actor: 'tester', action: 'batch.revert' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await verifyAuditChain(ctx.database.db)).entries).toBe(before.entries);
  });
});

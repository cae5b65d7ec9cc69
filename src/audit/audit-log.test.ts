import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { auditPrivilegesMigration } from '../db/migrations/0431-audit-privileges.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { checkpointKey } from './audit-checkpoint.js';
import {
  appendAudit,
  canonicalJson,
  chainHash,
  checkpointAuditLog,
  hashedFields,
  verifyAuditChain,
} from './audit-log.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

/** Runs statements with the append-only triggers off, as someone with table-owner rights could. */
async function tamper(database: Database, statement: ReturnType<typeof sql>): Promise<void> {
  await database.transaction(async (tx) => {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(tx.db);
    await statement.execute(tx.db);
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(tx.db);
  });
}

async function appendReads(database: Database, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
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
}

describe.each(testEngines())('audit chain on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('verifies an intact chain and names the first altered or removed entry', async () => {
    const { database } = ctx;
    await appendReads(database, 5);
    expect(await verifyAuditChain(database.db, { pageSize: 2 })).toMatchObject({ ok: true, entries: 5 });

    const third = await database.db
      .selectFrom('audit_log')
      .select('id')
      .orderBy('id')
      .offset(2)
      .limit(1)
      .executeTakeFirstOrThrow();
    await tamper(database, sql`UPDATE audit_log SET actor = 'mallory' WHERE id = ${third.id}`);
    const altered = await verifyAuditChain(database.db);
    expect(altered.ok).toBe(false);
    expect(altered.first_broken?.id).toBe(third.id);

    await tamper(database, sql`UPDATE audit_log SET actor = 'tester' WHERE id = ${third.id}`);
    expect((await verifyAuditChain(database.db)).ok).toBe(true);
    await tamper(database, sql`DELETE FROM audit_log WHERE id = ${third.id}`);
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

describe.each(testEngines())('append-only audit log and signed checkpoints on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('refuses UPDATE, DELETE and TRUNCATE of entries and checkpoints in the database', async () => {
    const { database } = ctx;
    await appendReads(database, 2);
    for (const statement of [
      sql`UPDATE audit_log SET actor = 'mallory'`,
      sql`DELETE FROM audit_log`,
      sql`TRUNCATE audit_log`,
      sql`UPDATE audit_checkpoints SET entry_count = 0`,
      sql`DELETE FROM audit_checkpoints`,
      sql`TRUNCATE audit_checkpoints`,
    ]) {
      await expect(statement.execute(database.db)).rejects.toThrow(/append-only/);
    }
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('no role keeps UPDATE, DELETE or TRUNCATE on the audit tables (migration 0431)', async () => {
    const { database } = ctx;
    const role = `entas_app_${process.pid}_${Date.now()}`;
    const privileges = (table: string) =>
      sql<{ update: boolean; delete: boolean; truncate: boolean; insert: boolean; select: boolean }>`
        SELECT has_table_privilege(${role}, ${table}, 'UPDATE') AS update,
               has_table_privilege(${role}, ${table}, 'DELETE') AS delete,
               has_table_privilege(${role}, ${table}, 'TRUNCATE') AS truncate,
               has_table_privilege(${role}, ${table}, 'INSERT') AS insert,
               has_table_privilege(${role}, ${table}, 'SELECT') AS select`.execute(database.db);
    await sql`CREATE ROLE ${sql.id(role)} NOLOGIN`.execute(database.db);
    try {
      // An application role granted everything, as a careless installation might, loses the three again.
      await sql`GRANT ALL ON audit_log, audit_checkpoints TO ${sql.id(role)}`.execute(database.db);
      await sql`GRANT DELETE ON audit_log TO PUBLIC`.execute(database.db);
      expect((await privileges('audit_log')).rows[0]).toMatchObject({ update: true, delete: true });
      await database.transaction((tx) => auditPrivilegesMigration.up(tx));
      for (const table of ['audit_log', 'audit_checkpoints']) {
        expect((await privileges(table)).rows[0], table).toEqual({
          update: false,
          delete: false,
          truncate: false,
          insert: true,
          select: true,
        });
      }
    } finally {
      await sql`REVOKE ALL ON audit_log, audit_checkpoints FROM ${sql.id(role)}`.execute(database.db);
      await sql`DROP ROLE ${sql.id(role)}`.execute(database.db);
    }
  });

  it('signs the first entry, then every 1,000 entries or 5 minutes; verify counts what is not yet signed', async () => {
    const { database } = ctx;
    const before = await verifyAuditChain(database.db);
    expect(before.checkpoints).toBeGreaterThanOrEqual(1);
    await appendReads(database, 3);
    const after = await verifyAuditChain(database.db);
    expect(after).toMatchObject({ ok: true, checkpoints: before.checkpoints });
    expect(after.unsigned_entries).toBe(before.unsigned_entries + 3);
    const signed = await database.transaction((tx) => checkpointAuditLog(tx));
    expect(signed?.entry_count).toBe(after.entries);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      ok: true,
      checkpoints: before.checkpoints + 1,
      unsigned_entries: 0,
    });
  });

  it('catches the newest entries deleted (triggers disabled) up to the last checkpoint', async () => {
    const { database } = ctx;
    await appendReads(database, 3);
    await database.transaction((tx) => checkpointAuditLog(tx));
    const { entries } = await verifyAuditChain(database.db);
    await tamper(database, sql`DELETE FROM audit_log WHERE id >= (SELECT max(id) - 1 FROM audit_log)`);
    const cut = await verifyAuditChain(database.db);
    expect(cut.ok).toBe(false);
    expect(cut.entries).toBe(entries - 2);
    expect(cut.first_broken?.reason).toMatch(/removed from the end/);
  });

  it('rejects a checkpoint forged without the key, or signed with another', async () => {
    const { database } = ctx;
    const other = checkpointKey({ key: Buffer.alloc(32, 9), source: 'test' });
    const result = await verifyAuditChain(database.db, { key: other });
    expect(result.ok).toBe(false);
    expect(result.first_broken?.reason).toMatch(/signed with another key/);
  });
});

describe.each(testEngines())('a re-hashed audit chain on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('is caught by the checkpoint whose head hash no longer matches', async () => {
    const { database } = ctx;
    await appendReads(database, 4);
    await database.transaction((tx) => checkpointAuditLog(tx));
    await appendReads(database, 1);
    // Rewrite the second entry and recompute every later hash, as someone without the key could.
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
    let prev = rows[0]!.prev_hash;
    await database.transaction(async (tx) => {
      await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(tx.db);
      for (const [i, row] of rows.entries()) {
        const actor = i === 1 ? 'mallory' : row.actor;
        const hash = chainHash(prev, { ...hashedFields(row), actor });
        await sql`UPDATE audit_log SET actor = ${actor}, prev_hash = ${prev}, hash = ${hash}
                  WHERE id = ${row.id}`.execute(tx.db);
        prev = hash;
      }
      await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(tx.db);
    });
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(false);
    expect(result.first_broken?.reason).toMatch(/re-hashed/);
  });
});

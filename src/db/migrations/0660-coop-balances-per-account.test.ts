import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { balanceDrift, openBooks, postEntries } from '../../cooperatives/storage/ledger-repository.js';
import { credit, debit } from '../../cooperatives/ledger/posting.js';
import type { Database } from '../database.js';
import { migrate } from '../migrate.js';
import { openPgliteDatabase } from '../pglite-database.js';
import { openPostgresDatabase } from '../postgres-database.js';
import { withDatabase } from '../../testing/global-setup.js';
import { onCitus, testEngines } from '../../testing/test-database.js';
import { migrations } from './index.js';

const before = migrations.slice(
  0,
  migrations.findIndex((m) => m.name === '0660-coop-balances-per-account'),
);

async function openEmpty(
  kind: 'pglite' | 'postgres',
): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-0660-'));
    const database = await openPgliteDatabase(path.join(dir, 'db'));
    return { database, drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const server = inject('postgres')!;
  const name = `${server.prefix}_0660_${process.pid}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const database = openPostgresDatabase(withDatabase(server.serverUrl, name));
  return { database, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// Upgrading books kept with per-member running balances (migration 0610) to totals per account.
describe.skipIf(onCitus()).each(testEngines())('migration 0660 on populated books (%s)', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openEmpty(kind));
    await migrate(database, before);
  }, 600_000); // every migration from an empty database: minutes on PGlite on a loaded machine
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('folds the running balances into one per account, and member and loan balances stay guarded', async () => {
    const coop = await sql<{ id: number; village_code: string }>`
      INSERT INTO cooperatives (registration_no, name, village_code, kind)
      SELECT 'UP-1', 'Kopdes Upgrade', code, 'desa' FROM regions WHERE level = 4 ORDER BY code LIMIT 1
      RETURNING id, village_code`.execute(database.db);
    const { id: coopId, village_code: village } = coop.rows[0]!;
    const province = village.slice(0, 2);
    const members = await sql<{ id: number }>`
      INSERT INTO cooperative_members (cooperative_id, member_no, name, name_normalized, joined_on)
      SELECT ${coopId}, 'M' || i, 'Anggota ' || i, 'ANGGOTA ' || i, DATE '2026-01-01' FROM generate_series(1, 2) i
      RETURNING id`.execute(database.db);
    const [m1, m2] = members.rows.map((r) => r.id) as [number, number];
    const books = await database.transaction((tx) => openBooks(tx, coopId));
    // Postings written as the repository of that version did: entries and lines in one statement.
    const post = (key: string, rows: readonly [string, number | null, number | null, number, number][]) =>
      database.transaction((tx) =>
        sql`WITH e AS (
              INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
              VALUES (${province}, ${coopId}, '2026-02-01', 'manual', ${key}, ${key}, 'test') RETURNING id)
            INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, member_id, loan_id, debit, credit)
            SELECT ${province}, e.id, ${coopId}, x.a, x.m, x.l, x.d, x.c
              FROM e, unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::bigint[], ${rows.map((r) => r[2])}::bigint[],
                             ${rows.map((r) => r[3])}::bigint[], ${rows.map((r) => r[4])}::bigint[]) AS x(a, m, l, d, c)`.execute(
          tx.db,
        ),
      );
    await post('dep', [
      ['1100', null, null, 1_500, 0],
      ['2100', m1, null, 0, 1_000],
      ['2100', m2, null, 0, 500],
    ]);
    await post('loan', [
      ['1300', m1, 77, 1_200, 0],
      ['1100', null, null, 0, 1_200],
    ]);
    await post('rep', [
      ['1100', null, null, 250, 0],
      ['4100', m1, 77, 0, 50],
      ['1300', m1, 77, 0, 200],
    ]);
    const rowsBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM coop_balances`.execute(
      database.db,
    );
    // Cash; sukarela of m1 and of m2; loan 77; interest of m1 on loan 77.
    expect(rowsBefore.rows[0]!.n).toBe(5);

    await migrate(database);

    const balances = await sql<{ a: string; d: string; c: string }>`
      SELECT account_code AS a, debit::text AS d, credit::text AS c FROM coop_balances
       WHERE cooperative_id = ${coopId} ORDER BY account_code`.execute(database.db);
    expect(balances.rows).toEqual([
      { a: '1100', d: '1750', c: '1200' },
      { a: '1300', d: '1200', c: '200' },
      { a: '2100', d: '0', c: '1500' },
      { a: '4100', d: '0', c: '50' },
    ]);
    expect(await balanceDrift(database.db, coopId)).toEqual([]);
    // Guarded per member and per loan after the upgrade: m2 cannot spend m1's savings; the loan cannot go below 0.
    const post2 = (key: string, lines: ReturnType<typeof debit>[]) =>
      database.transaction((tx) =>
        postEntries(
          tx,
          new Map([[coopId, books]]),
          [
            {
              cooperativeId: coopId,
              date: '2026-03-01',
              kind: 'manual',
              period: null,
              memo: '',
              idempotencyKey: key,
              reversesId: null,
              lines,
            },
          ],
          'test',
        ),
      );
    await expect(
      post2('w', [debit('2100', 501n, { memberId: m2 }), credit('1100', 501n)]),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    await expect(
      post2('r', [debit('1100', 1_001n), credit('1300', 1_001n, { memberId: m1, loanId: 77 })]),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    await post2('w2', [debit('2100', 500n, { memberId: m2 }), credit('1100', 500n)]);
    expect(await balanceDrift(database.db, coopId)).toEqual([]);
  });
});

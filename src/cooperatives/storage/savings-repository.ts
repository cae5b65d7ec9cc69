/**
 * The SQL of members' savings outside the journal's posting path: a cooperative's savings configuration, a member
 * of its books, a member's balance per savings account, loans still open at exit, and the member's exit date.
 * Money comes back as decimal text and becomes BigInt here.
 */
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { Books } from './ledger-repository.js';

export interface SavingsConfigRow {
  pokok: bigint;
  wajib: bigint;
  /** The first day of the first month wajib is due (`YYYY-MM-DD`). */
  wajib_from: string;
}

export async function savingsConfigRow(db: Kysely<DB>, books: Books): Promise<SavingsConfigRow | null> {
  const row = await sql<{ pokok: string; wajib: string; wajib_from: string }>`
    SELECT pokok_amount::text AS pokok, wajib_amount::text AS wajib, wajib_from FROM coop_savings_config
     WHERE province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId}`.execute(db);
  const r = row.rows[0];
  return r ? { pokok: BigInt(r.pokok), wajib: BigInt(r.wajib), wajib_from: r.wajib_from } : null;
}

export async function upsertSavingsConfig(
  tx: Tx,
  books: Books,
  config: { pokok: bigint; wajib: bigint; wajibFrom: string },
): Promise<void> {
  await sql`
    INSERT INTO coop_savings_config (province_code, cooperative_id, pokok_amount, wajib_amount, wajib_from)
    VALUES (${books.provinceCode}, ${books.cooperativeId}, ${String(config.pokok)}::bigint, ${String(config.wajib)}::bigint, ${config.wajibFrom + '-01'}::date)
    ON CONFLICT (province_code, cooperative_id) DO UPDATE
      SET pokok_amount = EXCLUDED.pokok_amount, wajib_amount = EXCLUDED.wajib_amount, wajib_from = EXCLUDED.wajib_from, updated_at = ${new Date()}`.execute(
    tx.db,
  );
}

/** A member of this cooperative, or undefined. */
export async function memberOfBooks(db: Kysely<DB>, books: Books, memberId: number) {
  return db
    .selectFrom('cooperative_members')
    .select(['id', 'left_on', 'joined_on'])
    .where('id', '=', memberId)
    .where('cooperative_id', '=', books.cooperativeId)
    .executeTakeFirst();
}

/** Balance of one member on one savings account: the sum of its lines (one range of the member index, migration 0660). */
export async function memberAccountBalance(
  db: Kysely<DB>,
  books: Books,
  memberId: number,
  accountCode: string,
): Promise<bigint> {
  const r = await sql<{ b: string }>`
    SELECT coalesce(sum(credit - debit), 0)::text AS b FROM coop_journal_lines
     WHERE province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId}
       AND member_id = ${memberId} AND account_code = ${accountCode}`.execute(db);
  return BigInt(r.rows[0]!.b);
}

/** How many of a member's loans still have principal outstanding and are not written off. */
export async function openLoanCount(db: Kysely<DB>, books: Books, memberId: number): Promise<number> {
  const open = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM coop_loans l
     WHERE l.province_code = ${books.provinceCode} AND l.member_id = ${memberId} AND l.written_off_on IS NULL
       AND (SELECT coalesce(sum(debit - credit), 0) FROM coop_journal_lines x
             WHERE x.province_code = l.province_code AND x.loan_id = l.id AND x.account_code = '1300') > 0`.execute(
    db,
  );
  return open.rows[0]!.n;
}

/** Sets the date a member left (status unchanged). */
export async function setMemberLeftOn(tx: Tx, memberId: number, date: string): Promise<void> {
  await tx.db.updateTable('cooperative_members').set({ left_on: date }).where('id', '=', memberId).execute();
}

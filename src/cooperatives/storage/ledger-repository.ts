/**
 * All SQL of the cooperative journal. Amounts cross this edge as decimal text ↔ BigInt, never as JS numbers.
 * Postings are written in sets (one INSERT of entries and one of lines per call, through unnest), so a batch of
 * thousands costs a few statements; the balance rules are checked for the whole set before anything is written.
 */
import { sql, type Kysely } from 'kysely';
import { intArrayLiteral as ints, textArrayLiteral as texts } from '../../db/array-literal.js';
import type { Tx } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { NotFoundError } from '../../shared/errors.js';
import { ACCOUNTS, accountType, balanceOwner, isDebitNormal } from '../ledger/chart.js';
import {
  balanceKey,
  checkPosting,
  guardedDecreases,
  postingFingerprint,
  type Posting,
  type PostingLine,
} from '../ledger/posting.js';
import type { AccountTotal } from '../ledger/statements.js';
import {
  completeResults,
  refuseNegative,
  resolveKeys,
  type Books,
  type PostResult,
} from '../ledger/posting-set.js';
import { postStagedEntries } from './ledger-staged-posting.js';

/** Serialises postings of one cooperative (two-key advisory lock: this constant and the cooperative id). */
const LEDGER_LOCK_KEY = 727_600;

/** Sets of at least this many postings are posted with JIT compilation off (its cost outweighs the plans'). */
const JIT_OFF_FROM = 500;

/**
 * How a set is written: `unnest` (the default) — one read of keys and lowered balances and one INSERT of unnest
 * arrays (below); `staged` — loaded with COPY into temporary tables and applied set-based
 * (`ledger-staged-posting.ts`). Same rules and results (property test). Measured side by side in one run
 * (`npm run bench:ledger -- --path alternate`, docs/FINANCE.md "Staged posting"), the staged path was not faster
 * (0.93–1.27 × the unnest path's rate, within this machine's noise): both spend most of a batch in the same INSERT
 * of entries and lines (indexes and statement triggers). It is kept for that comparison, not used by default.
 */
export type PostingPath = 'unnest' | 'staged';

export type { Books, PostResult } from '../ledger/posting-set.js';

/** The cooperative's books, creating its chart of accounts on first use. */
export async function openBooks(tx: Tx, cooperativeId: number): Promise<Books> {
  const coop = await tx.db
    .selectFrom('cooperatives')
    .select(['id', 'village_code'])
    .where('id', '=', cooperativeId)
    .executeTakeFirst();
  if (!coop)
    throw new NotFoundError({
      en: `cooperative ${cooperativeId} not found`,
      id: `koperasi ${cooperativeId} tidak ditemukan`,
    });
  const books = {
    cooperativeId,
    provinceCode: coop.village_code.slice(0, 2),
    villageCode: coop.village_code,
  };
  await ensureChart(tx, [books]);
  return books;
}

/** Inserts the standard chart for cooperatives that lack it. */
export async function ensureChart(tx: Tx, books: readonly Books[]): Promise<void> {
  const accounts = Object.values(ACCOUNTS);
  const rows = books.flatMap((b) =>
    accounts.map((a) => ({
      province_code: b.provinceCode,
      cooperative_id: b.cooperativeId,
      code: a.code,
      name: a.name,
      type: a.type,
    })),
  );
  for (let i = 0; i < rows.length; i += 5000)
    await tx.db
      .insertInto('coop_accounts')
      .values(rows.slice(i, i + 5000))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** Locks the cooperatives' books for this transaction, in id order (no deadlocks between batches). */
export async function lockBooks(tx: Tx, cooperativeIds: readonly number[]): Promise<void> {
  const ids = [...new Set(cooperativeIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY}, id::int) FROM unnest(${ints(ids)}::bigint[]) AS t(id) ORDER BY id`.execute(
    tx.db,
  );
}

/** An entry found by its idempotency key. */
export async function findByKey(db: Kysely<DB>, books: Books, key: string) {
  return db
    .selectFrom('coop_journal_entries')
    .select(['id', 'request_hash', 'kind', 'entry_date'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Posts a set of entries (any cooperatives; their books must be open and locked by the caller). Each posting is
 * checked (balanced, positive amounts), keys already posted with the same request are replayed, a key reused for
 * another request is refused, and no guarded balance (cash, savings per member and product, loan receivable) may
 * end below zero. Either every new entry is written or none is (the caller's transaction).
 *
 * Two statements whatever the size of the set (measured: docs/FINANCE.md "Posting at scale"): one read of the keys
 * already posted and of the balances the set lowers, one INSERT of the entries and their lines together
 * (the database checks at the end of that statement that every entry balances, migration 0630). The unique index
 * on (province, cooperative, key) stays the last word on idempotency.
 */
export async function postEntries(
  tx: Tx,
  books: ReadonlyMap<number, Books>,
  postings: readonly (Posting & { requestHash?: string })[],
  postedBy: string,
  path: PostingPath = 'unnest',
): Promise<PostResult[]> {
  const hashes = postings.map((p) => p.requestHash ?? postingFingerprint(p));
  for (const p of postings) checkPosting(p);
  if (path === 'staged') return postStagedEntries(tx, books, postings, hashes, postedBy);
  const bookOf = (p: Posting) => {
    const b = books.get(p.cooperativeId);
    if (!b) throw new Error(`books of cooperative ${p.cooperativeId} not opened`);
    return b;
  };

  // The guarded balances the set lowers (checked below in posting order), read with the keys in one statement.
  const lowered = new Map<string, { coop: number; line: PostingLine }>();
  for (const p of postings)
    for (const [key, { line }] of guardedDecreases(p.lines))
      lowered.set(`${p.cooperativeId}#${key}`, { coop: p.cooperativeId, line });
  // A large set makes the planner's estimates cross jit_above_cost: measured, LLVM compilation then took ~230 ms
  // of a 340 ms key read and ~125 ms of the INSERT of a 12,000-posting batch, to run plans that are index probes.
  if (postings.length >= JIT_OFF_FROM) await tx.exec('SET LOCAL jit = off');
  const { existing, balances } = await readKeysAndBalances(
    tx,
    postings.map((p) => ({ province: bookOf(p).provinceCode, coop: p.cooperativeId, key: p.idempotencyKey })),
    [...lowered.values()].map((w) => ({
      province: books.get(w.coop)!.provinceCode,
      coop: w.coop,
      line: w.line,
    })),
  );

  const { results, seen, fresh } = resolveKeys(postings, hashes, (p) =>
    existing.get(`${p.cooperativeId}|${p.idempotencyKey}`),
  );
  const toWrite = fresh.map((i) => postings[i]!);
  checkNonNegative(balances, toWrite);

  if (toWrite.length > 0) {
    const ids = await insertEntriesWithLines(
      tx,
      fresh.map((i) => ({ p: postings[i]!, b: bookOf(postings[i]!), hash: hashes[i]! })),
      postedBy,
    );
    fresh.forEach(
      (i, j) =>
        (results[i] = { entryId: ids[j]!, idempotencyKey: postings[i]!.idempotencyKey, replayed: false }),
    );
  }
  return completeResults(postings, results, seen);
}

/**
 * Entries already posted under the given keys, and the current balances the set lowers: one statement. Each key is
 * one probe of the unique index (LATERAL … LIMIT 1 keeps it a probe however the planner judges the journal's
 * size). A cooperative's account total is one primary-key probe of its running total (migration 0660); a member's
 * savings product or a loan is the sum of its own lines, one range of the member or loan index.
 */
async function readKeysAndBalances(
  tx: Tx,
  keys: readonly { province: string; coop: number; key: string }[],
  wanted: readonly { province: string; coop: number; line: PostingLine }[],
): Promise<{
  existing: Map<string, { id: number; hash: string }>;
  balances: Map<string, bigint>;
}> {
  const existing = new Map<string, { id: number; hash: string }>();
  const balances = new Map<string, bigint>();
  if (keys.length === 0) return { existing, balances };
  const owners = wanted.map((w) => balanceOwner(w.line));
  // bpchar[], not text[]: province_code is char(2), and comparing it with text casts the column, which turns
  // the unique-index probe into a scan of every entry.
  const rows = await sql<{
    t: string;
    coop: number;
    a: string;
    member: string;
    loan: string;
    v: string;
    h: string;
  }>`
    SELECT 'k' AS t, k.c AS coop, k.key AS a, '0' AS member, '0' AS loan, e.id::text AS v, e.request_hash AS h
      FROM unnest(${texts(keys.map((k) => k.province))}::bpchar[], ${ints(keys.map((k) => k.coop))}::bigint[], ${texts(keys.map((k) => k.key))}::text[]) AS k(p, c, key)
      CROSS JOIN LATERAL (SELECT x.id, x.request_hash FROM coop_journal_entries x
                           WHERE x.province_code = k.p AND x.cooperative_id = k.c AND x.idempotency_key = k.key LIMIT 1) e
    UNION ALL
    SELECT 'b', w.c, w.a, w.m::text, w.l::text,
           coalesce(CASE WHEN w.l <> 0 THEN
                      (SELECT sum(x.debit - x.credit) FROM coop_journal_lines x
                        WHERE x.province_code = w.p AND x.loan_id = w.l AND x.cooperative_id = w.c AND x.account_code = w.a)
                    WHEN w.m <> 0 THEN
                      (SELECT sum(x.debit - x.credit) FROM coop_journal_lines x
                        WHERE x.province_code = w.p AND x.cooperative_id = w.c AND x.member_id = w.m AND x.account_code = w.a)
                    ELSE
                      (SELECT b.debit - b.credit FROM coop_balances b
                        WHERE b.province_code = w.p AND b.cooperative_id = w.c AND b.account_code = w.a)
                    END, 0)::text, ''
      FROM unnest(${texts(wanted.map((w) => w.province))}::bpchar[], ${ints(wanted.map((w) => w.coop))}::bigint[],
                  ${texts(wanted.map((w) => w.line.account))}::text[], ${ints(owners.map((o) => o.memberId ?? 0))}::bigint[],
                  ${ints(owners.map((o) => o.loanId ?? 0))}::bigint[]) AS w(p, c, a, m, l)`.execute(tx.db);
  for (const r of rows.rows)
    if (r.t === 'k') existing.set(`${r.coop}|${r.a}`, { id: Number(r.v), hash: r.h });
    else
      balances.set(
        `${r.coop}#${balanceKey({ account: r.a, memberId: r.member === '0' ? null : Number(r.member), loanId: r.loan === '0' ? null : Number(r.loan) })}`,
        BigInt(r.v),
      );
  return { existing, balances };
}

/**
 * Refuses the set when any guarded balance it lowers would end below zero, checked in posting order from the
 * running debit − credit of each such balance (debit-normal accounts must stay ≥ 0, credit-normal ≤ 0).
 */
function checkNonNegative(current: ReadonlyMap<string, bigint>, postings: readonly Posting[]): void {
  const running = new Map(current);
  for (const p of postings) {
    for (const line of p.lines) {
      const key = `${p.cooperativeId}#${balanceKey(line)}`;
      if (!running.has(key)) continue;
      running.set(key, running.get(key)! + line.debit - line.credit);
    }
    for (const line of p.lines) {
      const key = `${p.cooperativeId}#${balanceKey(line)}`;
      const net = running.get(key);
      if (net === undefined) continue;
      const balance = isDebitNormal(accountType(line.account)) ? net : -net;
      if (balance < 0n) refuseNegative(line, balance);
    }
  }
}

/**
 * Writes entries and their lines in one INSERT (a data-modifying CTE): the entries take their ids from the
 * journal's identity sequence inside the statement, the lines join them by position. Returns the ids in the order
 * of `rows`. The database checks, at the end of this statement, that every entry balances (migration 0630), adds
 * the lines to the running balances and refuses any guarded balance below zero (migration 0610).
 */
async function insertEntriesWithLines(
  tx: Tx,
  rows: readonly { p: Posting; b: Books; hash: string }[],
  postedBy: string,
): Promise<number[]> {
  const col = <T>(f: (r: { p: Posting; b: Books; hash: string }) => T) => rows.map(f);
  const lines = rows.flatMap((r, j) => r.p.lines.map((line) => ({ j: j + 1, line })));
  const lcol = <T>(f: (r: { j: number; line: PostingLine }) => T) => lines.map(f);
  const inserted = await sql<{ id: number; ord: number }>`
    WITH src AS MATERIALIZED (
      SELECT t.*, nextval('coop_journal_entries_id_seq'::regclass) AS id
        FROM unnest(${texts(col((r) => r.b.provinceCode))}::bpchar[], ${ints(col((r) => r.p.cooperativeId))}::bigint[],
                    ${texts(col((r) => r.p.date))}::date[], ${texts(col((r) => r.p.kind))}::text[], ${texts(col((r) => r.p.period))}::text[],
                    ${texts(col((r) => r.p.memo))}::text[], ${texts(col((r) => r.p.idempotencyKey))}::text[], ${texts(col((r) => r.hash))}::text[],
                    ${ints(col((r) => r.p.reversesId))}::bigint[]) WITH ORDINALITY AS t(p, c, d, k, per, memo, key, h, rev, ord)),
    entries AS (
      INSERT INTO coop_journal_entries
        (province_code, id, cooperative_id, entry_date, kind, period, memo, idempotency_key, request_hash, reverses_id, posted_by)
      OVERRIDING SYSTEM VALUE
      SELECT p, id, c, d, k, per, memo, key, h, rev, ${postedBy} FROM src ORDER BY ord),
    lines AS (
      INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, member_id, loan_id, debit, credit)
      SELECT s.p, s.id, s.c, x.a, x.m, x.l, x.d, x.cr
        FROM unnest(${ints(lcol((r) => r.j))}::bigint[], ${texts(lcol((r) => r.line.account))}::text[],
                    ${ints(lcol((r) => r.line.memberId))}::bigint[], ${ints(lcol((r) => r.line.loanId))}::bigint[],
                    ${ints(lcol((r) => r.line.debit))}::bigint[], ${ints(lcol((r) => r.line.credit))}::bigint[])
             WITH ORDINALITY AS x(j, a, m, l, d, cr, n)
        JOIN src s ON s.ord = x.j
       ORDER BY x.n)
    SELECT id, ord::int AS ord FROM src`.execute(tx.db);
  const ids: number[] = new Array<number>(rows.length);
  for (const r of inserted.rows) ids[r.ord - 1] = Number(r.id);
  return ids;
}

/** The lines of one entry (for a reversal) and its header. */
export async function entryWithLines(db: Kysely<DB>, books: Books, entryId: number) {
  const entry = await db
    .selectFrom('coop_journal_entries')
    .select(['id', 'kind', 'entry_date', 'reverses_id', 'idempotency_key'])
    .where('province_code', '=', books.provinceCode)
    .where('cooperative_id', '=', books.cooperativeId)
    .where('id', '=', entryId)
    .executeTakeFirst();
  if (!entry)
    throw new NotFoundError({
      en: `journal entry ${entryId} not found`,
      id: `jurnal ${entryId} tidak ditemukan`,
    });
  const reversed = await db
    .selectFrom('coop_journal_entries')
    .select('id')
    .where('province_code', '=', books.provinceCode)
    .where('reverses_id', '=', entryId)
    .executeTakeFirst();
  const lines = await sql<{
    account_code: string;
    member_id: number | null;
    loan_id: number | null;
    debit: string;
    credit: string;
  }>`
    SELECT account_code, member_id, loan_id, debit::text, credit::text FROM coop_journal_lines
     WHERE province_code = ${books.provinceCode} AND entry_id = ${entryId} ORDER BY id`.execute(db);
  return {
    entry,
    reversedBy: reversed?.id ?? null,
    lines: lines.rows.map((l) => ({
      account: l.account_code,
      memberId: l.member_id,
      loanId: l.loan_id,
      debit: BigInt(l.debit),
      credit: BigInt(l.credit),
    })),
  };
}

/**
 * Debit and credit totals per account of a cooperative (all of them when null), optionally within dates. Without
 * dates they come from the running totals (coop_balances, kept with every statement of lines, so equal to the sums
 * of the journal — tested); with dates, from the lines of the cooperative's entries in the range.
 */
export async function accountTotals(
  db: Kysely<DB>,
  books: Pick<Books, 'provinceCode' | 'cooperativeId'> | null,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<Map<number, AccountTotal[]>> {
  const dated = range.from !== undefined || range.to !== undefined;
  const rows = dated
    ? await sql<{ cooperative_id: number; account_code: string; debit: string; credit: string }>`
    SELECT l.cooperative_id, l.account_code, sum(l.debit)::text AS debit, sum(l.credit)::text AS credit
      FROM coop_journal_entries e
      JOIN coop_journal_lines l ON l.province_code = e.province_code AND l.entry_id = e.id
     WHERE true
       ${books === null ? sql`` : sql`AND e.province_code = ${books.provinceCode} AND e.cooperative_id = ${books.cooperativeId}`}
       ${range.from === undefined ? sql`` : sql`AND e.entry_date >= ${range.from}::date`}
       ${range.to === undefined ? sql`` : sql`AND e.entry_date <= ${range.to}::date`}
     GROUP BY l.cooperative_id, l.account_code`.execute(db)
    : await sql<{ cooperative_id: number; account_code: string; debit: string; credit: string }>`
    SELECT cooperative_id, account_code, sum(debit)::text AS debit, sum(credit)::text AS credit
      FROM coop_balances
     WHERE true
       ${books === null ? sql`` : sql`AND province_code = ${books.provinceCode} AND cooperative_id = ${books.cooperativeId}`}
     GROUP BY cooperative_id, account_code`.execute(db);
  const out = new Map<number, AccountTotal[]>();
  for (const r of rows.rows) {
    const list = out.get(r.cooperative_id) ?? [];
    list.push({ account: r.account_code, debit: BigInt(r.debit), credit: BigInt(r.credit) });
    out.set(r.cooperative_id, list);
  }
  return out;
}

/** Journal sums per cooperative and account that differ from the running totals (always none; `entas coop check`, tests). */
export async function balanceDrift(
  db: Kysely<DB>,
  cooperativeId: number | null = null,
): Promise<{ cooperative_id: number; account_code: string }[]> {
  const filter = (alias: string) =>
    cooperativeId === null ? sql`` : sql`AND ${sql.ref(`${alias}.cooperative_id`)} = ${cooperativeId}`;
  const rows = await sql<{ cooperative_id: number; account_code: string }>`
    WITH j AS (
      SELECT province_code, cooperative_id, account_code, sum(debit) AS debit, sum(credit) AS credit
        FROM coop_journal_lines l WHERE true ${filter('l')} GROUP BY 1, 2, 3)
    SELECT coalesce(j.cooperative_id, b.cooperative_id) AS cooperative_id, coalesce(j.account_code, b.account_code) AS account_code
      FROM j FULL JOIN (SELECT * FROM coop_balances b WHERE true ${filter('b')}) b
        ON b.province_code = j.province_code AND b.cooperative_id = j.cooperative_id AND b.account_code = j.account_code
     WHERE j.debit IS DISTINCT FROM b.debit OR j.credit IS DISTINCT FROM b.credit`.execute(db);
  return rows.rows;
}

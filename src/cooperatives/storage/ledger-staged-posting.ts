/**
 * The staged posting path for large sets (issue #16 "Scale and speed", docs/FINANCE.md "Staged posting"): the set
 * is loaded with COPY into two temporary tables of this transaction and applied with a few set-based statements —
 * the keys already posted (one unique-index probe each), the ordered non-negative check (running sums over the set
 * added to the current balances, with a window), and one INSERT … SELECT of entries and lines together. The same
 * rules and refusals as the unnest path of `ledger-repository.ts` (a property test posts one random sequence through
 * both and compares every balance, statement and trial balance); the database's statement triggers on the journal
 * check it exactly as they check that path. Nothing here reads a temporary table from a trigger: only these
 * statements read the staging tables (coordinator-local on Citus).
 */
import { sql } from 'kysely';
import { encodeCopyRow, type Tx } from '../../db/database.js';
import { intArrayLiteral as ints } from '../../db/array-literal.js';
import { type Posting } from '../ledger/posting.js';
import {
  completeResults,
  refuseNegative,
  resolveKeys,
  type Books,
  type PostResult,
} from '../ledger/posting-set.js';

const ENTRIES = 'coop_post_stage_entries';
const LINES = 'coop_post_stage_lines';

/**
 * Posts a checked set (`checkPosting` done, `hashes` the request hashes in posting order) through the staging
 * tables. The caller has opened and locked the books, as for `postEntries`.
 */
export async function postStagedEntries(
  tx: Tx,
  books: ReadonlyMap<number, Books>,
  postings: readonly Posting[],
  hashes: readonly string[],
  postedBy: string,
): Promise<PostResult[]> {
  const province = postings.map((p) => {
    const b = books.get(p.cooperativeId);
    if (!b) throw new Error(`books of cooperative ${p.cooperativeId} not opened`);
    return b.provinceCode;
  });
  // Planner estimates for sets this large cross jit_above_cost; the plans are index probes (measured on the
  // unnest path: LLVM took most of the key read).
  await tx.exec(`SET LOCAL jit = off;
    DROP TABLE IF EXISTS pg_temp.${ENTRIES}; DROP TABLE IF EXISTS pg_temp.${LINES};
    CREATE TEMP TABLE ${ENTRIES} (seq integer NOT NULL, ord integer NOT NULL, p char(2) NOT NULL, c bigint NOT NULL, d date NOT NULL,
      k text NOT NULL, per text, memo text NOT NULL, key text NOT NULL, h text NOT NULL, rev bigint) ON COMMIT DROP;
    CREATE TEMP TABLE ${LINES} (seq integer NOT NULL, ord integer NOT NULL, n integer NOT NULL, p char(2) NOT NULL, c bigint NOT NULL,
      a text NOT NULL, m bigint, l bigint,
      dr bigint NOT NULL, cr bigint NOT NULL) ON COMMIT DROP;`);
  // Each table's rows as one text, written field by field (the generic row encoder measured slower here).
  // Rows go in (province, cooperative, posting) order, numbered by `seq`: entry ids then keep each cooperative's
  // posting order, and the inserts into the keys' and member index land cooperative by cooperative.
  const order = postings.map((_, i) => i);
  order.sort(
    (x, y) =>
      (province[x]! < province[y]! ? -1 : province[x]! > province[y]! ? 1 : 0) ||
      postings[x]!.cooperativeId - postings[y]!.cooperativeId ||
      x - y,
  );
  let entryRows = '';
  let lineRows = '';
  for (let seq = 0; seq < order.length; seq++) {
    const i = order[seq]!;
    const p = postings[i]!;
    const head = `${seq}\t${i}\t${province[i]}\t${p.cooperativeId}`;
    entryRows += `${head}\t${p.date}\t${copyText(p.kind)}\t${p.period === null ? '\\N' : copyText(p.period)}\t${copyText(p.memo)}\t${copyText(p.idempotencyKey)}\t${copyText(hashes[i]!)}\t${p.reversesId ?? '\\N'}\n`;
    for (let n = 0; n < p.lines.length; n++) {
      const l = p.lines[n]!;
      lineRows += `${head}\t${n}\t${copyText(l.account)}\t${l.memberId ?? '\\N'}\t${l.loanId ?? '\\N'}\t${l.debit}\t${l.credit}\n`;
    }
  }
  await tx.copyFrom(
    ENTRIES,
    ['seq', 'ord', 'p', 'c', 'd', 'k', 'per', 'memo', 'key', 'h', 'rev'],
    [entryRows],
  );
  await tx.copyFrom(LINES, ['seq', 'ord', 'p', 'c', 'n', 'a', 'm', 'l', 'dr', 'cr'], [lineRows]);
  // Keys already in the journal: one probe of the unique index each (LATERAL … LIMIT 1 keeps it a probe).
  const hits = await sql<{ ord: number; id: string; h: string }>`
    SELECT s.ord, x.id::text AS id, x.request_hash AS h
      FROM ${sql.table(ENTRIES)} s
      CROSS JOIN LATERAL (SELECT x.id, x.request_hash FROM coop_journal_entries x
                           WHERE x.province_code = s.p AND x.cooperative_id = s.c AND x.idempotency_key = s.key
                           LIMIT 1) x`.execute(tx.db);
  const prior = new Map(hits.rows.map((r) => [r.ord, { id: Number(r.id), hash: r.h }]));
  const { results, seen, fresh } = resolveKeys(postings, hashes, (_, i) => prior.get(i));
  if (fresh.length < postings.length) {
    const written = new Set(fresh);
    const skip = ints(postings.map((_, i) => i).filter((i) => !written.has(i)));
    await sql`DELETE FROM ${sql.table(ENTRIES)} WHERE ord = ANY(${skip}::int[])`.execute(tx.db);
    await sql`DELETE FROM ${sql.table(LINES)} WHERE ord = ANY(${skip}::int[])`.execute(tx.db);
  }
  if (fresh.length === 0) return completeResults(postings, results, seen);

  await refuseNegativeBalances(tx, postings);

  const inserted = await sql<{ ord: number; id: string }>`
    WITH src AS MATERIALIZED (
      SELECT s.*, nextval('coop_journal_entries_id_seq'::regclass) AS id
        FROM (SELECT * FROM ${sql.table(ENTRIES)} ORDER BY seq) s),
    entries AS (
      INSERT INTO coop_journal_entries
        (province_code, id, cooperative_id, entry_date, kind, period, memo, idempotency_key, request_hash, reverses_id, posted_by)
      OVERRIDING SYSTEM VALUE
      SELECT p, id, c, d, k, per, memo, key, h, rev, ${postedBy} FROM src ORDER BY seq),
    lines AS (
      INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, member_id, loan_id, debit, credit)
      SELECT l.p, s.id, l.c, l.a, l.m, l.l, l.dr, l.cr
        FROM ${sql.table(LINES)} l JOIN src s ON s.seq = l.seq
       ORDER BY l.seq, l.n)
    SELECT ord, id::text AS id FROM src`.execute(tx.db);
  for (const r of inserted.rows)
    results[r.ord] = {
      entryId: Number(r.id),
      idempotencyKey: postings[r.ord]!.idempotencyKey,
      replayed: false,
    };
  return completeResults(postings, results, seen);
}

/**
 * The ordered non-negative check, set-based: for each guarded balance some staged posting lowers (a member's
 * savings product, a loan, or a cooperative's account total: `entas_coop_balance_owner`), its current balance plus
 * the running sum of the set's lines on it in posting order must stay ≥ 0 on its normal side after every posting
 * that touches it. Refuses with the first such line in posting order, as the unnest path does.
 *
 * "Lowers" is taken line by line here (a line on the decreasing side), where the unnest path nets each posting's
 * lines per balance first: a superset of balances, with the same outcome — a balance no posting lowers on net only
 * rises from its current value, which is ≥ 0, so checking it refuses nothing more.
 */
async function refuseNegativeBalances(tx: Tx, postings: readonly Posting[]): Promise<void> {
  const bad = await sql<{ ord: number; n: number; balance: string }>`
    WITH g AS (
      SELECT l.ord, l.n, l.p, l.c, l.a, entas_coop_guard(l.a) AS g,
             CASE WHEN entas_coop_balance_owner(l.a) = 'member' THEN coalesce(l.m, 0) ELSE 0 END AS bm,
             CASE WHEN entas_coop_balance_owner(l.a) = 'loan' THEN coalesce(l.l, 0) ELSE 0 END AS bl,
             l.dr - l.cr AS net
        FROM ${sql.table(LINES)} l),
    lowered AS (SELECT DISTINCT p, c, a, bm, bl FROM g WHERE g * net < 0),
    cur AS (
      SELECT w.*, coalesce(CASE WHEN w.bl <> 0 THEN
                    (SELECT sum(x.debit - x.credit) FROM coop_journal_lines x
                      WHERE x.province_code = w.p AND x.loan_id = w.bl AND x.cooperative_id = w.c AND x.account_code = w.a)
                  WHEN w.bm <> 0 THEN
                    (SELECT sum(x.debit - x.credit) FROM coop_journal_lines x
                      WHERE x.province_code = w.p AND x.cooperative_id = w.c AND x.member_id = w.bm AND x.account_code = w.a)
                  ELSE
                    (SELECT b.debit - b.credit FROM coop_balances b
                      WHERE b.province_code = w.p AND b.cooperative_id = w.c AND b.account_code = w.a)
                  END, 0) AS v
        FROM lowered w),
    run AS (
      SELECT g.ord, g.n, g.g * (cur.v + sum(g.net) OVER (PARTITION BY g.p, g.c, g.a, g.bm, g.bl ORDER BY g.ord)) AS balance
        FROM g JOIN cur ON cur.p = g.p AND cur.c = g.c AND cur.a = g.a AND cur.bm = g.bm AND cur.bl = g.bl)
    SELECT ord, n, balance::text AS balance FROM run WHERE balance < 0 ORDER BY ord, n LIMIT 1`.execute(
    tx.db,
  );
  const first = bad.rows[0];
  if (first) refuseNegative(postings[first.ord]!.lines[first.n]!, BigInt(first.balance));
}

/** Text for COPY's text format: the generic encoder's escaping, skipped when nothing needs it (the usual case). */
function copyText(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 9 || c === 10 || c === 13) return encodeCopyRow([text]).slice(0, -1);
  }
  return text;
}

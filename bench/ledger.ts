/**
 * `npm run bench:ledger [-- --coops N] [-- --members M] [-- --months K]`: the cooperative journal on PostgreSQL.
 *
 * Builds N cooperatives × M members (default 8,000 × 50) in a fresh database, disburses a loan to every fifth
 * member, then posts K months (default 12) of wajib deposits for every member and a repayment (interest + principal)
 * for every borrower, through entas's batched posting path (`postEntries`: checks, idempotency, non-negative
 * balances, deferred balance trigger) in transactions of 2,000 postings. Measures, in the same run:
 *   - batched throughput, against a reference: the same rows inserted by hand-written unnest INSERTs into copies of
 *     the two tables without keys, triggers or checks (what the disk and PostgreSQL cost at least);
 *   - one posting per transaction (as one API request at a time) on a sample;
 *   - trial balance of one cooperative (median, p95) and of all;
 *   - member statement latency (p50, p95) on a random sample of members;
 * and extrapolates to the nation's ~80,000 cooperatives with the arithmetic printed.
 * Environment: BENCH_DATABASE_URL (server URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import pg from 'pg';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import {
  allTrialBalances,
  cooperativeTrialBalance,
  memberStatement,
} from '../src/cooperatives/coop-reports.js';
import { ACCOUNTS } from '../src/cooperatives/ledger/chart.js';
import { credit, debit, type Posting } from '../src/cooperatives/ledger/posting.js';
import {
  ensureChart,
  lockBooks,
  postEntries,
  type Books,
} from '../src/cooperatives/storage/ledger-repository.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const COOPS = Number(option('coops') ?? 8_000);
const MEMBERS = Number(option('members') ?? 50);
const MONTHS = Number(option('months') ?? 12);
const BATCH = Number(option('batch') ?? 2_000);
/** Keep the bench database afterwards (for EXPLAIN ANALYZE); its name is printed. */
const KEEP = args.includes('--keep');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `entas_bench_ledger_${process.pid}`;
const log = (m: string) => process.stderr.write(`[bench:ledger] ${m}\n`);

async function admin(text: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
const urlFor = (name: string) => {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
};
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  await admin(`CREATE DATABASE ${dbName}`);
  const database = openPostgresDatabase(urlFor(dbName));
  try {
    await migrate(database);
    log(`building ${COOPS} cooperatives × ${MEMBERS} members`);
    const villages = (
      await sql<{
        code: string;
      }>`SELECT code FROM regions WHERE level = 4 ORDER BY code LIMIT ${COOPS}`.execute(database.db)
    ).rows;
    const coopRows = await sql<{ id: number; village_code: string }>`
      INSERT INTO cooperatives (registration_no, name, village_code, kind)
      SELECT 'BENCH-' || i, 'Kopdes ' || i, v, 'desa' FROM unnest(${villages.map((v) => v.code)}::text[]) WITH ORDINALITY AS t(v, i)
      RETURNING id, village_code`.execute(database.db);
    await sql`
      INSERT INTO cooperative_members (cooperative_id, member_no, name, name_normalized, joined_on)
      SELECT c.id, c.id || '-' || m, 'Anggota ' || m, 'ANGGOTA ' || m, DATE '2026-01-01'
        FROM cooperatives c, generate_series(1, ${MEMBERS}) m`.execute(database.db);
    const members = (
      await sql<{
        id: number;
        cooperative_id: number;
      }>`SELECT id, cooperative_id FROM cooperative_members ORDER BY cooperative_id, id`.execute(database.db)
    ).rows;
    const books = new Map<number, Books>(
      coopRows.rows.map((c) => [
        c.id,
        { cooperativeId: c.id, provinceCode: c.village_code.slice(0, 2), villageCode: c.village_code },
      ]),
    );
    await database.transaction((tx) => ensureChart(tx, [...books.values()]));
    const borrowers = members.filter((_, i) => i % 5 === 0);
    const postAll = async (postings: Posting[]): Promise<void> => {
      for (let i = 0; i < postings.length; i += BATCH) {
        const chunk = postings.slice(i, i + BATCH);
        await database.transaction(async (tx) => {
          await lockBooks(
            tx,
            chunk.map((x) => x.cooperativeId),
          );
          await postEntries(tx, books, chunk, 'bench');
        });
      }
    };

    // Opening: every member pays pokok Rp100,000 (cash for the loans); every fifth member borrows Rp1,200,000.
    const opening: Posting[] = [
      ...members.map((m) =>
        p(m.cooperative_id, '2026-01-02', 'savings.pokok.deposit', `pokok-${m.id}`, [
          debit(ACCOUNTS.cash.code, 100_000n),
          credit(ACCOUNTS.pokok.code, 100_000n, { memberId: m.id }),
        ]),
      ),
      ...members.map((m) =>
        p(m.cooperative_id, '2026-01-02', 'savings.sukarela.deposit', `suk-${m.id}`, [
          debit(ACCOUNTS.cash.code, 200_000n),
          credit(ACCOUNTS.sukarela.code, 200_000n, { memberId: m.id }),
        ]),
      ),
      ...borrowers.map((m) =>
        p(m.cooperative_id, '2026-01-05', 'loan.disbursement', `loan-${m.id}`, [
          debit(ACCOUNTS.loans.code, 1_200_000n, { memberId: m.id, loanId: m.id }),
          credit(ACCOUNTS.cash.code, 1_200_000n),
        ]),
      ),
    ];
    await postAll(opening);
    const year: Posting[] = [];
    for (let month = 1; month <= MONTHS; month++) {
      const date = `2026-${String(month).padStart(2, '0')}-15`;
      for (const m of members)
        year.push(
          p(
            m.cooperative_id,
            date,
            'savings.wajib.deposit',
            `wajib-${m.id}-${month}`,
            [debit(ACCOUNTS.cash.code, 20_000n), credit(ACCOUNTS.wajib.code, 20_000n, { memberId: m.id })],
            `2026-${String(month).padStart(2, '0')}`,
          ),
        );
      for (const m of borrowers)
        year.push(
          p(m.cooperative_id, date, 'loan.repayment', `rep-${m.id}-${month}`, [
            debit(ACCOUNTS.cash.code, 112_000n),
            credit(ACCOUNTS.interestIncome.code, 12_000n, { memberId: m.id, loanId: m.id }),
            credit(ACCOUNTS.loans.code, 100_000n, { memberId: m.id, loanId: m.id }),
          ]),
        );
    }
    // Keep the last BATCH×2 postings for the one-at-a-time run.
    const single = year.splice(year.length - 1_000, 1_000);
    log(`posting ${fmt(year.length)} entries in batches of ${BATCH}`);
    const t0 = performance.now();
    await postAll(year);
    const batchedSeconds = (performance.now() - t0) / 1000;
    const batchedRate = year.length / batchedSeconds;
    log(`batched: ${fmt(batchedRate)} postings/s (${batchedSeconds.toFixed(1)} s)`);

    // Reference: the same rows by hand into key-less, trigger-less copies of the tables.
    await database.exec(`CREATE TABLE ref_entries (LIKE coop_journal_entries INCLUDING DEFAULTS); CREATE TABLE ref_lines (LIKE coop_journal_lines INCLUDING DEFAULTS);
      ALTER TABLE ref_entries ALTER COLUMN id DROP IDENTITY IF EXISTS; ALTER TABLE ref_lines ALTER COLUMN id DROP IDENTITY IF EXISTS;`);
    const t1 = performance.now();
    for (let i = 0; i < year.length; i += BATCH) {
      const chunk = year.slice(i, i + BATCH);
      await database.transaction(async (tx) => {
        await sql`INSERT INTO ref_entries (province_code, id, cooperative_id, entry_date, kind, period, memo, idempotency_key, request_hash, posted_by)
          SELECT '00', i, c, d::date, k, per, '', key, key, 'bench' FROM unnest(${chunk.map((_, j) => i + j)}::bigint[], ${chunk.map((x) => x.cooperativeId)}::bigint[], ${chunk.map((x) => x.date)}::text[], ${chunk.map((x) => x.kind)}::text[], ${chunk.map((x) => x.period)}::text[], ${chunk.map((x) => x.idempotencyKey)}::text[]) AS t(i, c, d, k, per, key)`.execute(
          tx.db,
        );
        const lines = chunk.flatMap((x, j) => x.lines.map((l) => ({ e: i + j, c: x.cooperativeId, l })));
        await sql`INSERT INTO ref_lines (province_code, id, entry_id, cooperative_id, account_code, member_id, loan_id, debit, credit)
          SELECT '00', 0, e, c, a, m, ln, d::bigint, cr::bigint FROM unnest(${lines.map((r) => r.e)}::bigint[], ${lines.map((r) => r.c)}::bigint[], ${lines.map((r) => r.l.account)}::text[], ${lines.map((r) => r.l.memberId)}::bigint[], ${lines.map((r) => r.l.loanId)}::bigint[], ${lines.map((r) => String(r.l.debit))}::text[], ${lines.map((r) => String(r.l.credit))}::text[]) AS t(e, c, a, m, ln, d, cr)`.execute(
          tx.db,
        );
      });
    }
    const refRate = year.length / ((performance.now() - t1) / 1000);
    log(`reference (bare inserts): ${fmt(refRate)} postings/s`);

    const t2 = performance.now();
    for (const x of single)
      await database.transaction(async (tx) => {
        await lockBooks(tx, [x.cooperativeId]);
        await postEntries(tx, books, [x], 'bench');
      });
    const singleRate = single.length / ((performance.now() - t2) / 1000);
    log(`one per transaction: ${fmt(singleRate)} postings/s`);

    const sample = coopRows.rows.filter((_, i) => i % Math.max(1, Math.floor(COOPS / 50)) === 0).slice(0, 50);
    const tbTimes: number[] = [];
    for (const c of sample) {
      const s = performance.now();
      const tb = await cooperativeTrialBalance(database.db, books.get(c.id)!);
      tbTimes.push(performance.now() - s);
      if (tb.difference !== 0n) throw new Error(`cooperative ${c.id} does not balance`);
    }
    tbTimes.sort((a, b) => a - b);
    const t3 = performance.now();
    const all = await allTrialBalances(database.db);
    const allSeconds = (performance.now() - t3) / 1000;
    if (all.unbalanced.length > 0) throw new Error('unbalanced cooperatives');

    const stTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const m = members[(i * 7919) % members.length]!;
      const s = performance.now();
      await memberStatement(database.db, books.get(m.cooperative_id)!, m.id);
      stTimes.push(performance.now() - s);
    }
    stTimes.sort((a, b) => a - b);
    const total = opening.length + year.length + single.length;
    const perCoop = total / COOPS;
    const national = 80_000 * perCoop;
    const summary = {
      cooperatives: COOPS,
      members_per_cooperative: MEMBERS,
      months: MONTHS,
      postings_total: total,
      batched_postings_per_s: Math.round(batchedRate),
      reference_bare_insert_postings_per_s: Math.round(refRate),
      batched_vs_reference: Number((batchedRate / refRate).toFixed(2)),
      one_per_transaction_postings_per_s: Math.round(singleRate),
      trial_balance_one_ms: {
        p50: Number(pct(tbTimes, 50).toFixed(1)),
        p95: Number(pct(tbTimes, 95).toFixed(1)),
      },
      trial_balance_all_s: Number(allSeconds.toFixed(2)),
      member_statement_ms: {
        p50: Number(pct(stTimes, 50).toFixed(1)),
        p95: Number(pct(stTimes, 95).toFixed(1)),
      },
      extrapolation_80000: {
        postings_per_year: Math.round(national),
        arithmetic: `${fmt(perCoop)} postings per cooperative a year × 80,000 = ${fmt(national)}; at ${fmt(batchedRate)}/s batched = ${(national / batchedRate / 3600).toFixed(1)} h of posting a year; all trial balances ≈ ${allSeconds.toFixed(2)} s × ${(80_000 / COOPS).toFixed(1)} = ${((allSeconds * 80_000) / COOPS).toFixed(1)} s (linear in lines)`,
      },
    };
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  } finally {
    await database.close();
    if (KEEP) log(`kept database ${dbName}`);
    else await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

function p(
  cooperativeId: number,
  date: string,
  kind: string,
  key: string,
  lines: Posting['lines'],
  period: string | null = null,
): Posting {
  return { cooperativeId, date, kind, period, memo: '', idempotencyKey: key, reversesId: null, lines };
}

await main();

/**
 * `npm run bench:ledger [-- --coops N --members M --months K --batch B --singles S --path P --keep]`: the cooperative
 * journal on PostgreSQL.
 *
 * Builds N cooperatives × M members (default 8,000 × 50) in a fresh database; every member pays pokok and a
 * sukarela deposit and every fifth member borrows; then K months (default 12) of a wajib deposit for every member
 * and a repayment (interest + principal) for every borrower go through entas's batched posting path (`postEntries`:
 * checks, idempotency, non-negative balances, running balances, the database's balance triggers) in transactions
 * of B postings (default 20,000); `--path staged` uses the staged path instead, `--path alternate` both, batch by
 * batch, each timed apart. Postings are made month by month (a year at 8,000 cooperatives does not fit in
 * memory at once). Measures, in the same run:
 *   - batched throughput against a reference interleaved batch by batch (so both see the same load on a shared
 *     machine): the same rows written by plain COPY into copies of the two tables without keys, indexes, triggers
 *     or checks, in transactions of the same size — what the disk and PostgreSQL cost at least;
 *   - one posting per transaction (as one API request at a time) on the last S postings (default 1,000);
 *   - trial balance of one cooperative (p50, p95) and of all;
 *   - member statement latency (p50, p95) on 200 members spread over the cooperatives;
 * and extrapolates to the nation's ~80,000 cooperatives with the arithmetic printed.
 * Environment: BENCH_DATABASE_URL (server URL; default BENCH_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432).
 */
import os from 'node:os';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import {
  allTrialBalances,
  cooperativeTrialBalance,
  memberStatement,
} from '../src/cooperatives/coop-reports.js';
import { ACCOUNTS } from '../src/cooperatives/ledger/chart.js';
import { credit, debit, postingFingerprint, type Posting } from '../src/cooperatives/ledger/posting.js';
import { encodeCopyRow } from '../src/db/database.js';
import {
  ensureChart,
  lockBooks,
  postEntries,
  type Books,
  type PostingPath,
} from '../src/cooperatives/storage/ledger-repository.js';
import { helpOnRequest } from './bench-help.js';
import { adminStatement, benchServerUrl, withDatabase } from './bench-postgres.js';

const args = process.argv.slice(2);
helpOnRequest(args, {
  usage: 'npm run bench:ledger [-- options]',
  about: [
    'The cooperative journal on PostgreSQL: batched postings against plain COPY (reference), single postings,',
    'trial balance and member statement latency; extrapolated to ~80000 cooperatives.',
  ],
  options: [
    ['--coops N', 'cooperatives (default 8000)'],
    ['--members M', 'members each (default 50)'],
    ['--months K', 'months of postings (default 12)'],
    ['--batch B', 'postings per transaction (default 20000)'],
    ['--singles S', 'postings one per transaction (default 1000)'],
    [
      '--path P',
      "batched path: unnest (postEntries' default), staged (COPY into temporary tables, set-based), or alternate (batches alternate between the two, each timed apart; same reference)",
    ],
    ['--keep', 'keep the database afterwards (its name is printed)'],
  ],
  environment: [
    [
      'BENCH_DATABASE_URL',
      'PostgreSQL server (default BENCH_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432)',
    ],
  ],
});
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const COOPS = Number(option('coops') ?? 8_000);
const MEMBERS = Number(option('members') ?? 50);
const MONTHS = Number(option('months') ?? 12);
const BATCH = Number(option('batch') ?? 20_000);
const SINGLES = Number(option('singles') ?? 1_000);
const PATH = option('path') ?? 'unnest';
if (!['staged', 'unnest', 'alternate'].includes(PATH))
  throw new Error(`--path ${PATH}: unnest, staged or alternate`);
/** Keep the bench database afterwards (for EXPLAIN ANALYZE); its name is printed. */
const KEEP = args.includes('--keep');
const serverUrl = process.env.BENCH_DATABASE_URL ?? benchServerUrl;
const dbName = `entas_bench_ledger_${process.pid}`;
const log = (m: string) => process.stderr.write(`[bench:ledger] ${m}\n`);

const admin = (text: string) => adminStatement(text, serverUrl);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  await admin(`CREATE DATABASE ${dbName}`);
  const database = openPostgresDatabase(withDatabase(serverUrl, dbName));
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
    const postAll = async (postings: Posting[], path: PostingPath = 'unnest'): Promise<void> => {
      for (let i = 0; i < postings.length; i += BATCH) {
        const chunk = postings.slice(i, i + BATCH);
        await database.transaction(async (tx) => {
          await lockBooks(
            tx,
            chunk.map((x) => x.cooperativeId),
          );
          await postEntries(tx, books, chunk, 'bench', path);
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
    const monthPostings = (month: number): Posting[] => {
      const out: Posting[] = [];
      const date = `2026-${String(month).padStart(2, '0')}-15`;
      for (const m of members)
        out.push(
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
        out.push(
          p(m.cooperative_id, date, 'loan.repayment', `rep-${m.id}-${month}`, [
            debit(ACCOUNTS.cash.code, 112_000n),
            credit(ACCOUNTS.interestIncome.code, 12_000n, { memberId: m.id, loanId: m.id }),
            credit(ACCOUNTS.loans.code, 100_000n, { memberId: m.id, loanId: m.id }),
          ]),
        );
      return out;
    };

    // Reference: the same rows by plain COPY (each table's rows sent as one text: row by row, the stream is ~4×
    // slower, measured) into key-less, index-less, trigger-less copies of the two tables.
    await database.exec(`CREATE TABLE ref_entries (LIKE coop_journal_entries INCLUDING DEFAULTS);
      CREATE TABLE ref_lines (LIKE coop_journal_lines INCLUDING DEFAULTS);`);
    let refId = 0;
    const copyReference = (chunk: readonly Posting[]) =>
      database.transaction(async (tx) => {
        const first = refId;
        refId += chunk.length;
        await tx.copyFrom(
          'ref_entries',
          [
            'province_code',
            'id',
            'cooperative_id',
            'entry_date',
            'kind',
            'period',
            'memo',
            'idempotency_key',
            'request_hash',
            'reverses_id',
            'posted_by',
          ],
          [
            chunk
              .map((x, j) =>
                encodeCopyRow([
                  books.get(x.cooperativeId)!.provinceCode,
                  first + j,
                  x.cooperativeId,
                  x.date,
                  x.kind,
                  x.period,
                  x.memo,
                  x.idempotencyKey,
                  postingFingerprint(x),
                  x.reversesId,
                  'bench',
                ]),
              )
              .join(''),
          ],
        );
        let lineId = first * 3;
        await tx.copyFrom(
          'ref_lines',
          [
            'province_code',
            'id',
            'entry_id',
            'cooperative_id',
            'account_code',
            'member_id',
            'loan_id',
            'debit',
            'credit',
          ],
          [
            chunk
              .flatMap((x, j) =>
                x.lines.map((l) =>
                  encodeCopyRow([
                    books.get(x.cooperativeId)!.provinceCode,
                    lineId++,
                    first + j,
                    x.cooperativeId,
                    l.account,
                    l.memberId,
                    l.loanId,
                    l.debit,
                    l.credit,
                  ]),
                ),
              )
              .join(''),
          ],
        );
      });

    // Month by month; batches of the ledger and of the reference alternate, each timed on its own.
    const loadBeforeBatches = os.loadavg().map((x) => Number(x.toFixed(1)));
    let posted = 0;
    let ledgerMs = 0;
    let referenceMs = 0;
    // --path alternate: batches alternate between the two paths; each path's postings and time apart.
    const byPath = { unnest: { posted: 0, ms: 0 }, staged: { posted: 0, ms: 0 } };
    let batchNo = 0;
    let single: Posting[] = [];
    for (let month = 1; month <= MONTHS; month++) {
      const postings = monthPostings(month);
      // The last postings of the year are kept for the one-at-a-time run.
      if (month === MONTHS) single = postings.splice(postings.length - SINGLES, SINGLES);
      for (let i = 0; i < postings.length; i += BATCH) {
        const chunk = postings.slice(i, i + BATCH);
        const path: PostingPath =
          PATH === 'alternate' ? (batchNo++ % 2 === 0 ? 'unnest' : 'staged') : (PATH as PostingPath);
        const a = performance.now();
        await postAll(chunk, path);
        const b = performance.now();
        await copyReference(chunk);
        ledgerMs += b - a;
        referenceMs += performance.now() - b;
        byPath[path].posted += chunk.length;
        byPath[path].ms += b - a;
      }
      posted += postings.length;
      log(
        `month ${month}: ${fmt(posted)} postings, ledger ${fmt(posted / (ledgerMs / 1000))}/s, reference COPY ${fmt(posted / (referenceMs / 1000))}/s`,
      );
    }
    const batchedSeconds = ledgerMs / 1000;
    const batchedRate = posted / batchedSeconds;
    const loadAfterBatches = os.loadavg().map((x) => Number(x.toFixed(1)));
    const refRate = posted / (referenceMs / 1000);
    log(
      `batched: ${fmt(batchedRate)} postings/s (${batchedSeconds.toFixed(1)} s); reference COPY: ${fmt(refRate)}/s`,
    );

    const pathRate = (k: PostingPath) =>
      byPath[k].ms > 0 ? Math.round(byPath[k].posted / (byPath[k].ms / 1000)) : null;
    if (PATH === 'alternate')
      log(
        `unnest path: ${fmt(pathRate('unnest') ?? 0)}/s (${fmt(byPath.unnest.posted)} postings); staged path: ${fmt(pathRate('staged') ?? 0)}/s (${fmt(byPath.staged.posted)} postings)`,
      );
    const t2 = performance.now();
    for (const x of single)
      await database.transaction(async (tx) => {
        await lockBooks(tx, [x.cooperativeId]);
        await postEntries(tx, books, [x], 'bench');
      });
    const singleRate = single.length / ((performance.now() - t2) / 1000);
    log(`one per transaction: ${fmt(singleRate)} postings/s`);

    // Statistics as autovacuum would leave them after a load this size (timed apart).
    const ta = performance.now();
    await database.exec('ANALYZE coop_journal_entries, coop_journal_lines, coop_balances');
    const analyzeSeconds = (performance.now() - ta) / 1000;
    const size = await sql<{ bytes: string }>`
      SELECT (pg_total_relation_size('coop_journal_entries') + pg_total_relation_size('coop_journal_lines')
              + pg_total_relation_size('coop_balances'))::text AS bytes`.execute(database.db);
    const databaseBytes = Number(size.rows[0]!.bytes);

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
    const total = opening.length + posted + single.length;
    const perCoop = total / COOPS;
    const national = 80_000 * perCoop;
    const summary = {
      cooperatives: COOPS,
      members_per_cooperative: MEMBERS,
      months: MONTHS,
      postings_total: total,
      batched_postings: posted,
      batch_size: BATCH,
      batched_postings_per_s: Math.round(batchedRate),
      reference_copy_postings_per_s: Math.round(refRate),
      batched_vs_reference: Number((batchedRate / refRate).toFixed(2)),
      path: PATH,
      ...(PATH === 'alternate'
        ? {
            unnest_postings_per_s: pathRate('unnest'),
            staged_postings_per_s: pathRate('staged'),
            unnest_vs_reference: Number(((pathRate('unnest') ?? 0) / refRate).toFixed(2)),
            staged_vs_reference: Number(((pathRate('staged') ?? 0) / refRate).toFixed(2)),
          }
        : {}),
      load_average_before_batches: loadBeforeBatches,
      load_average_after_batches: loadAfterBatches,
      one_per_transaction_postings_per_s: Math.round(singleRate),
      trial_balance_one_ms: {
        p50: Number(pct(tbTimes, 50).toFixed(1)),
        p95: Number(pct(tbTimes, 95).toFixed(1)),
      },
      trial_balance_all_s: Number(allSeconds.toFixed(2)),
      analyze_s: Number(analyzeSeconds.toFixed(1)),
      database_mb: Math.round(databaseBytes / 1e6),
      member_statement_ms: {
        p50: Number(pct(stTimes, 50).toFixed(1)),
        p95: Number(pct(stTimes, 95).toFixed(1)),
      },
      extrapolation_80000: {
        postings_per_year: Math.round(national),
        arithmetic: [
          `${fmt(perCoop)} postings per cooperative a year × 80,000 = ${fmt(national)} postings a year`,
          `batched at ${fmt(batchedRate)}/s: ${fmt(national)} / ${fmt(batchedRate)} = ${fmt(national / batchedRate)} s = ${(national / batchedRate / 3600).toFixed(2)} h of posting a year`,
          `as single requests at ${fmt(singleRate)}/s: ${(national / singleRate / 3600).toFixed(1)} h a year, i.e. ${(national / 250 / 8 / 3600).toFixed(1)} postings/s on average over 250 working days of 8 h`,
          `all trial balances read coop_balances (rows grow with members and loans, not with postings): ${allSeconds.toFixed(2)} s × 80,000 / ${fmt(COOPS)} = ${((allSeconds * 80_000) / COOPS).toFixed(1)} s`,
          `journal and balances on disk: ${fmt(databaseBytes / 1e6)} MB × 80,000 / ${fmt(COOPS)} = ${((databaseBytes / 1e9) * (80_000 / COOPS)).toFixed(1)} GB a year`,
        ],
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

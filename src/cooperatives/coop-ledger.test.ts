import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import {
  allTrialBalances,
  cooperativeTrialBalance,
  financialStatements,
  loanPortfolio,
  memberStatement,
  savingsBalances,
  shuReport,
} from './coop-reports.js';
import { parseAnnualRatePercent } from './finance/exact-rate.js';
import {
  bankLoans,
  chargePenalty,
  disburseLoan,
  receiveBankLoan,
  repayLoan,
  restructureLoan,
  writeOffLoan,
} from './loan-service.js';
import { configureSavings, exitMember, postSavings, reverseEntry, type PostMeta } from './savings-service.js';
import { balanceDrift, openBooks } from './storage/ledger-repository.js';
import { ACCOUNTS, accountType, balanceOwner, isDebitNormal, NON_NEGATIVE } from './ledger/chart.js';
import { buildCooperative, type BuiltCooperative } from './testing/coop-builders.js';

const meta = (key: string, date = '2026-02-10'): PostMeta => ({
  date,
  idempotencyKey: key,
  postedBy: 'test',
});

describe.each(testEngines())('cooperative ledger on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let coop: BuiltCooperative;

  beforeAll(async () => {
    coop = await buildCooperative(ctx.database, { members: 3 });
    await ctx.database.transaction((tx) =>
      configureSavings(tx, coop.cooperativeId, { pokok: 100_000n, wajib: 20_000n, wajibFrom: '2026-01' }),
    );
  });

  const tx = <T>(work: Parameters<typeof ctx.database.transaction<T>>[0]) => ctx.database.transaction(work);
  const books = () => ctx.database.transaction((t) => openBooks(t, coop.cooperativeId));

  it('posts savings, replays a retried key, refuses a reused key, and keeps the trial balance at zero', async () => {
    const [m1, m2] = coop.memberIds as [number, number];
    const first = await tx((t) =>
      postSavings(
        t,
        coop.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: m1, amount: 100_000n },
        meta('pokok-1'),
      ),
    );
    const again = await tx((t) =>
      postSavings(
        t,
        coop.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: m1, amount: 100_000n },
        meta('pokok-1'),
      ),
    );
    expect(again).toEqual({ ...first, replayed: true });
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'deposit', product: 'sukarela', memberId: m1, amount: 5n },
          meta('pokok-1'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'idempotency_conflict' });
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'deposit', product: 'pokok', memberId: m1, amount: 100_000n },
          meta('pokok-1b'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'already_paid' });
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'deposit', product: 'pokok', memberId: m2, amount: 99_999n },
          meta('pokok-2'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'invalid_amount' });
    await tx((t) =>
      postSavings(
        t,
        coop.cooperativeId,
        { kind: 'deposit', product: 'wajib', memberId: m1, amount: 20_000n, period: '2026-01' },
        meta('wajib-1-01'),
      ),
    );
    await tx((t) =>
      postSavings(
        t,
        coop.cooperativeId,
        { kind: 'deposit', product: 'sukarela', memberId: m2, amount: 50_000n },
        meta('suk-2'),
      ),
    );
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'withdraw', product: 'pokok', memberId: m1, amount: 1n },
          meta('w-pokok'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'not_withdrawable' });
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'withdraw', product: 'sukarela', memberId: m2, amount: 50_001n },
          meta('w-over'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    await expect(
      tx((t) =>
        postSavings(
          t,
          coop.cooperativeId,
          { kind: 'deposit', product: 'sukarela', memberId: m2, amount: -5n },
          meta('neg'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'invalid_amount' });
    await tx((t) =>
      postSavings(
        t,
        coop.cooperativeId,
        { kind: 'withdraw', product: 'sukarela', memberId: m2, amount: 20_000n },
        meta('w-ok'),
      ),
    );
    const b = await books();
    const balances = await savingsBalances(ctx.database.db, b);
    expect(balances.find((x) => x.member_id === m1)).toMatchObject({
      pokok: 100_000n,
      wajib: 20_000n,
      sukarela: 0n,
    });
    expect(balances.find((x) => x.member_id === m2)).toMatchObject({
      pokok: 0n,
      wajib: 0n,
      sukarela: 30_000n,
    });
    const tb = await cooperativeTrialBalance(ctx.database.db, b);
    expect(tb.difference).toBe(0n);
    expect(tb.rows.find((r) => r.account === '1100')!.balance).toBe(150_000n);
    // Refused operations left nothing behind: 4 entries posted.
    const n = await ctx.database.db
      .selectFrom('coop_journal_entries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('cooperative_id', '=', coop.cooperativeId)
      .executeTakeFirstOrThrow();
    expect(n.n).toBe(4);
  });

  it('the database itself refuses unbalanced entries, changes and late lines', async () => {
    const b = await books();
    // An entry and its lines are written by one statement (migration 0630), as the repository does.
    const post = (t: { db: typeof ctx.database.db }, key: string, lines: readonly [number, number][]) =>
      sql<{ id: number }>`
        WITH e AS (
          INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
          VALUES (${b.provinceCode}, ${b.cooperativeId}, '2026-02-01', 'manual', ${key}, 'x', 'test') RETURNING id),
        l AS (
          INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, debit, credit)
          SELECT ${b.provinceCode}, e.id, ${b.cooperativeId}, '1100', x.d, x.c
            FROM e, unnest(${lines.map((l) => l[0])}::bigint[], ${lines.map((l) => l[1])}::bigint[]) AS x(d, c))
        SELECT id FROM e`.execute(t.db);
    const insertEntry = (t: { db: typeof ctx.database.db }, key: string) =>
      sql<{
        id: number;
      }>`INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
        VALUES (${b.provinceCode}, ${b.cooperativeId}, '2026-02-01', 'manual', ${key}, 'x', 'test') RETURNING id`.execute(
        t.db,
      );
    const line = (t: { db: typeof ctx.database.db }, id: number, d: number, c: number) =>
      sql`INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, debit, credit)
        VALUES (${b.provinceCode}, ${id}, ${b.cooperativeId}, '1100', ${d}, ${c})`.execute(t.db);
    await expect(
      tx((t) =>
        post(t, 'raw-1', [
          [10, 0],
          [0, 9],
        ]),
      ),
    ).rejects.toThrow(/not balanced/);
    await expect(tx((t) => post(t, 'raw-1', [[10, 0]]))).rejects.toThrow(/not balanced/);
    // An entry without its lines in the same statement is refused at once; so are lines that do not balance.
    await expect(tx((t) => insertEntry(t, 'raw-1'))).rejects.toThrow(/not balanced/);
    await expect(
      tx(async (t) => {
        const e = await post(t, 'raw-2', [
          [10, 0],
          [0, 10],
        ]);
        await line(t, e.rows[0]!.id, 5, 0);
      }),
    ).rejects.toThrow(/not balanced/);
    const ok = (
      await tx((t) =>
        post(t, 'raw-2', [
          [10, 0],
          [0, 10],
        ]),
      )
    ).rows[0]!.id;
    await expect(tx((t) => line(t, ok, 5, 0))).rejects.toThrow(/already posted/);
    // Lines carry their entry's cooperative; a reversal reverses an entry of the same cooperative.
    const other = await buildCooperative(ctx.database, { members: 1 });
    await tx((t) => openBooks(t, other.cooperativeId));
    await expect(
      tx((t) =>
        sql`WITH e AS (
              INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
              VALUES (${b.provinceCode}, ${b.cooperativeId}, '2026-02-01', 'manual', 'raw-5', 'x', 'test') RETURNING id)
            INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, debit, credit)
            SELECT ${b.provinceCode}, e.id, x.c, '5100', x.d, x.cr
              FROM e, (VALUES (${b.cooperativeId}::bigint, 0::bigint, 7::bigint), (${other.cooperativeId}::bigint, 7::bigint, 0::bigint)) AS x(c, d, cr)`.execute(
          t.db,
        ),
      ),
    ).rejects.toThrow(/another cooperative/);
    const otherBooks = await tx((t) => openBooks(t, other.cooperativeId));
    await expect(
      tx((t) =>
        sql`WITH e AS (
              INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, reverses_id, posted_by)
              VALUES (${otherBooks.provinceCode}, ${other.cooperativeId}, '2026-02-01', 'reversal', 'raw-6', 'x', ${ok}, 'test') RETURNING id)
            INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, debit, credit)
            SELECT ${otherBooks.provinceCode}, e.id, ${other.cooperativeId}, '5100', x.d, x.c
              FROM e, (VALUES (3::bigint, 0::bigint), (0::bigint, 3::bigint)) AS x(d, c)`.execute(t.db),
      ),
    ).rejects.toThrow(/not an entry of its cooperative/);
    await expect(
      tx(async (t) => {
        await line(t, 99_999_999, 5, 0);
        await line(t, 99_999_999, 0, 5);
      }),
    ).rejects.toThrow(/does not exist/);
    // The database guard behind the check in code: a guarded balance (cash) cannot end a statement below zero.
    const cash = await sql<{ b: string }>`SELECT (debit - credit)::text AS b FROM coop_balances
      WHERE cooperative_id = ${b.cooperativeId} AND account_code = '1100'`.execute(ctx.database.db);
    const overdraw = BigInt(cash.rows[0]?.b ?? '0') + 1n;
    await expect(
      tx((t) =>
        sql`WITH e AS (
              INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
              VALUES (${b.provinceCode}, ${b.cooperativeId}, '2026-02-01', 'manual', 'raw-3', 'x', 'test') RETURNING id)
            INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, debit, credit)
            SELECT ${b.provinceCode}, e.id, ${b.cooperativeId}, x.a, x.d, x.c
              FROM e, (VALUES ('1100', 0::bigint, ${String(overdraw)}::bigint), ('5100', ${String(overdraw)}::bigint, 0::bigint)) AS x(a, d, c)`.execute(
          t.db,
        ),
      ),
    ).rejects.toThrow(/would become negative/);
    // A member's savings are guarded per member (the sum of their lines, migration 0660), not only as the
    // cooperative's account total: m3 cannot spend what m2 saved.
    const [, m2, m3] = coop.memberIds as [number, number, number];
    const raw = (
      t: { db: typeof ctx.database.db },
      key: string,
      rows: readonly [string, number | null, number, number][],
    ) =>
      sql`WITH e AS (
            INSERT INTO coop_journal_entries (province_code, cooperative_id, entry_date, kind, idempotency_key, request_hash, posted_by)
            VALUES (${b.provinceCode}, ${b.cooperativeId}, '2026-02-01', 'manual', ${key}, 'x', 'test') RETURNING id)
          INSERT INTO coop_journal_lines (province_code, entry_id, cooperative_id, account_code, member_id, debit, credit)
          SELECT ${b.provinceCode}, e.id, ${b.cooperativeId}, x.a, x.m, x.d, x.c
            FROM e, unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::bigint[],
                           ${rows.map((r) => r[2])}::bigint[], ${rows.map((r) => r[3])}::bigint[]) AS x(a, m, d, c)`.execute(
        t.db,
      );
    await tx((t) =>
      raw(t, 'raw-member-1', [
        ['1100', null, 1_500, 0],
        ['2100', m2, 0, 1_000],
        ['2100', m3, 0, 500],
      ]),
    );
    await expect(
      tx((t) =>
        raw(t, 'raw-member-2', [
          ['2100', m3, 600, 0],
          ['1100', null, 0, 600],
        ]),
      ),
    ).rejects.toThrow(
      new RegExp(
        `account 2100 \\(cooperative ${b.cooperativeId}, member ${m3}, loan 0\\) would become negative`,
      ),
    );
    expect((await savingsBalances(ctx.database.db, b)).find((x) => x.member_id === m3)?.sukarela).toBe(500n);
    expect(await balanceDrift(ctx.database.db, b.cooperativeId)).toEqual([]);
    await expect(
      ctx.database.exec(`UPDATE coop_journal_lines SET debit = 11 WHERE entry_id = ${ok}`),
    ).rejects.toThrow(/append-only/);
    await expect(ctx.database.exec(`DELETE FROM coop_journal_entries WHERE id = ${ok}`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('loans: disbursement, allocation penalty → interest → principal, days past due, PAR, write-off, reversal', async () => {
    const other = await buildCooperative(ctx.database, { members: 2 });
    const [m] = other.memberIds as [number];
    await tx((t) =>
      configureSavings(t, other.cooperativeId, { pokok: 100_000n, wajib: 20_000n, wajibFrom: '2026-01' }),
    );
    // Cash comes from members' savings: 2 × pokok + a sukarela deposit of Rp12,000,000.
    await tx((t) =>
      postSavings(
        t,
        other.cooperativeId,
        { kind: 'deposit', product: 'sukarela', memberId: m, amount: 12_000_000n },
        meta('cash-in', '2026-01-05'),
      ),
    );
    await expect(
      tx((t) =>
        disburseLoan(
          t,
          other.cooperativeId,
          {
            memberId: m,
            principal: 12_000_001n,
            annualRate: parseAnnualRatePercent('12'),
            months: 12,
            method: 'flat',
            graceMonths: 0,
          },
          meta('too-much', '2026-01-10'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    const loan = await tx((t) =>
      disburseLoan(
        t,
        other.cooperativeId,
        {
          memberId: m,
          principal: 10_000_000n,
          annualRate: parseAnnualRatePercent('12'),
          months: 12,
          method: 'flat',
          graceMonths: 0,
        },
        meta('loan-1', '2026-01-10'),
      ),
    );
    // Flat 12 %: each month principal 833,334 (×4) / 833,333, interest 100,000. Pay the first installment on time.
    const r1 = await tx((t) =>
      repayLoan(t, other.cooperativeId, loan.loanId, 933_334n, meta('rep-1', '2026-02-10')),
    );
    expect(r1.allocation).toEqual({ penalty: 0n, interest: 100_000n, principal: 833_334n });
    await tx((t) =>
      chargePenalty(t, other.cooperativeId, loan.loanId, 25_000n, {
        ...meta('pen-1', '2026-04-15'),
        reason: 'late',
      }),
    );
    const b = await tx((t) => openBooks(t, other.cooperativeId));
    // On 2026-04-15 installments 2 (due 10 Mar) and 3 (due 10 Apr) are unpaid: 36 days past due.
    const portfolio = await loanPortfolio(ctx.database.db, b, '2026-04-15');
    expect(portfolio.loans[0]).toMatchObject({
      days_past_due: 36,
      principal_due: 1_666_668n,
      interest_due: 200_000n,
      penalty_due: 25_000n,
    });
    expect(portfolio.par30).toMatchObject({ amount: 9_166_666n, percent: '100.00' });
    expect(portfolio.par90.amount).toBe(0n);
    const r2 = await tx((t) =>
      repayLoan(t, other.cooperativeId, loan.loanId, 150_000n, meta('rep-2', '2026-04-15')),
    );
    expect(r2.allocation).toEqual({ penalty: 25_000n, interest: 125_000n, principal: 0n });
    // Reverse it: the money goes back into the dues; a second reversal is refused; replaying the key is not.
    const rev = await tx((t) =>
      reverseEntry(t, other.cooperativeId, r2.entryId, meta('rev-2', '2026-04-16')),
    );
    expect(
      await tx((t) => reverseEntry(t, other.cooperativeId, r2.entryId, meta('rev-2', '2026-04-16'))),
    ).toEqual({ ...rev, replayed: true });
    await expect(
      tx((t) => reverseEntry(t, other.cooperativeId, r2.entryId, meta('rev-2b', '2026-04-16'))),
    ).rejects.toMatchObject({ code: 'already_reversed' });
    expect((await loanPortfolio(ctx.database.db, b, '2026-04-16')).loans[0]).toMatchObject({
      penalty_due: 25_000n,
      interest_due: 200_000n,
    });
    await tx((t) => writeOffLoan(t, other.cooperativeId, loan.loanId, meta('wo', '2026-12-31')));
    const after = await loanPortfolio(ctx.database.db, b, '2026-12-31');
    expect(after.loans[0]!.written_off).toBe(true);
    expect(after.outstanding).toBe(0n);
    // Income statement for 2026 by hand: interest 100,000 (the reversed repayment nets to 0); write-off 9,166,666.
    const fs = await financialStatements(ctx.database.db, b, '2026-01-01', '2026-12-31');
    expect(fs.income_statement.total_income).toBe(100_000n);
    expect(fs.income_statement.total_expenses).toBe(9_166_666n);
    expect(fs.income_statement.surplus).toBe(-9_066_666n);
    // Cash: 12,000,000 − 10,000,000 + 933,334 + 150,000 − 150,000 = 2,933,334 = sukarela 12,000,000 + surplus.
    expect(fs.balance_sheet.total_assets).toBe(2_933_334n);
    expect(fs.balance_sheet.total_liabilities_and_equity).toBe(2_933_334n);
    const statement = await memberStatement(ctx.database.db, b, m);
    expect(statement.closing).toEqual({ '2100': 12_000_000n, [`1300:${loan.loanId}`]: 0n });
    // The cash cannot refund Rp12,000,000 of sukarela: the exit is refused and the member stays.
    await expect(
      tx((t) => exitMember(t, other.cooperativeId, m, meta('exit', '2027-01-02'))),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    const stays = await ctx.database.db
      .selectFrom('cooperative_members')
      .select('left_on')
      .where('id', '=', m)
      .executeTakeFirstOrThrow();
    expect(stays.left_on).toBeNull();
    await tx((t) =>
      postSavings(
        t,
        other.cooperativeId,
        { kind: 'withdraw', product: 'sukarela', memberId: m, amount: 2_933_334n },
        meta('out', '2027-01-02'),
      ),
    );
    const leaver = other.memberIds[1]!;
    await tx((t) =>
      postSavings(
        t,
        other.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: leaver, amount: 100_000n },
        meta('p-leaver', '2027-01-03'),
      ),
    );
    await tx((t) =>
      postSavings(
        t,
        other.cooperativeId,
        { kind: 'deposit', product: 'sukarela', memberId: leaver, amount: 7_000n },
        meta('s-leaver', '2027-01-03'),
      ),
    );
    await expect(
      tx((t) => exitMember(t, other.cooperativeId, leaver, meta('exit-2', '2027-01-04'))),
    ).resolves.toMatchObject({ replayed: false });
    expect((await savingsBalances(ctx.database.db, b)).find((x) => x.member_id === leaver)).toMatchObject({
      pokok: 0n,
      sukarela: 0n,
    });
    await expect(
      tx((t) =>
        postSavings(
          t,
          other.cooperativeId,
          { kind: 'deposit', product: 'sukarela', memberId: leaver, amount: 1n },
          meta('after-exit'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'member_left' });
  });

  it('SHU for the year against hand-computed values', async () => {
    const c = await buildCooperative(ctx.database, { members: 2 });
    const [a, bId] = c.memberIds as [number, number];
    await tx((t) =>
      configureSavings(t, c.cooperativeId, { pokok: 1_000_000n, wajib: 100_000n, wajibFrom: '2026-01' }),
    );
    await tx((t) =>
      postSavings(
        t,
        c.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: a, amount: 1_000_000n },
        meta('p-a', '2026-01-05'),
      ),
    );
    await tx((t) =>
      postSavings(
        t,
        c.cooperativeId,
        { kind: 'deposit', product: 'sukarela', memberId: bId, amount: 3_000_000n },
        meta('s-b', '2026-01-05'),
      ),
    );
    const loan = await tx((t) =>
      disburseLoan(
        t,
        c.cooperativeId,
        {
          memberId: a,
          principal: 1_200_000n,
          annualRate: parseAnnualRatePercent('10'),
          months: 12,
          method: 'flat',
          graceMonths: 0,
        },
        meta('l', '2026-01-10'),
      ),
    );
    // Flat 10 % on 1,200,000: interest round(1,200,000 × 0.1/12) = 10,000 a month; pay 3 months of interest + principal.
    for (const [i, month] of ['02', '03', '04'].entries())
      await tx((t) =>
        repayLoan(t, c.cooperativeId, loan.loanId, 110_000n, meta(`r${i}`, `2026-${month}-10`)),
      );
    const b = await tx((t) => openBooks(t, c.cooperativeId));
    const shu = await shuReport(ctx.database, b, 2026, {
      reserve: '40',
      jasaUsaha: '25',
      jasaModal: '20',
      others: [{ name: 'pengurus', percent: '15' }],
    });
    // SHU 30,000: reserve 12,000, jasa usaha 7,500 (all to A, the only borrower), jasa modal 6,000 by capital
    // A 1,000,000 : B 3,000,000 → 1,500 and 4,500; pengurus 4,500; remainder 0.
    expect(shu.shu).toBe(30_000n);
    expect(shu.members).toEqual([
      { member_id: a, jasa_usaha: 7_500n, jasa_modal: 1_500n, total: 9_000n },
      { member_id: bId, jasa_usaha: 0n, jasa_modal: 4_500n, total: 4_500n },
    ]);
    expect(shu.remainder).toBe(0n);
  });

  it('property: random deposits, withdrawals, loans, repayments, reversals and retries keep every trial balance at zero and no balance negative', async () => {
    const c = await buildCooperative(ctx.database, { members: 3 });
    await tx((t) =>
      configureSavings(t, c.cooperativeId, { pokok: 50_000n, wajib: 10_000n, wajibFrom: '2026-01' }),
    );
    const b = await tx((t) => openBooks(t, c.cooperativeId));
    let keySerial = 0;
    const op = fc.oneof(
      fc.record({
        t: fc.constant('deposit' as const),
        m: fc.nat(2),
        amount: fc.bigInt({ min: -10n, max: 2_000_000n }),
      }),
      fc.record({
        t: fc.constant('withdraw' as const),
        m: fc.nat(2),
        amount: fc.bigInt({ min: 1n, max: 2_000_000n }),
      }),
      fc.record({ t: fc.constant('pokok' as const), m: fc.nat(2) }),
      fc.record({
        t: fc.constant('loan' as const),
        m: fc.nat(2),
        amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
      }),
      fc.record({ t: fc.constant('repay' as const), amount: fc.bigInt({ min: 1n, max: 500_000n }) }),
      fc.record({ t: fc.constant('reverse' as const), back: fc.nat(5) }),
      fc.record({ t: fc.constant('retry' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const entries: number[] = [];
        const loans: number[] = [];
        let last: (() => Promise<unknown>) | null = null;
        for (const o of ops) {
          const key = `p${keySerial++}`;
          const member = (i: number) => c.memberIds[i]!;
          let run: (() => Promise<{ entryId: number; loanId?: number }>) | null = null;
          if (o.t === 'deposit')
            run = () =>
              tx((t) =>
                postSavings(
                  t,
                  c.cooperativeId,
                  { kind: 'deposit', product: 'sukarela', memberId: member(o.m), amount: o.amount },
                  meta(key),
                ),
              );
          else if (o.t === 'withdraw')
            run = () =>
              tx((t) =>
                postSavings(
                  t,
                  c.cooperativeId,
                  { kind: 'withdraw', product: 'sukarela', memberId: member(o.m), amount: o.amount },
                  meta(key),
                ),
              );
          else if (o.t === 'pokok')
            run = () =>
              tx((t) =>
                postSavings(
                  t,
                  c.cooperativeId,
                  { kind: 'deposit', product: 'pokok', memberId: member(o.m), amount: 50_000n },
                  meta(key),
                ),
              );
          else if (o.t === 'loan')
            run = () =>
              tx((t) =>
                disburseLoan(
                  t,
                  c.cooperativeId,
                  {
                    memberId: member(o.m),
                    principal: o.amount,
                    annualRate: parseAnnualRatePercent('18'),
                    months: 6,
                    method: 'annuity',
                    graceMonths: 0,
                  },
                  meta(key, '2026-01-15'),
                ),
              );
          else if (o.t === 'repay' && loans.length > 0)
            run = () =>
              tx((t) =>
                repayLoan(t, c.cooperativeId, loans[loans.length - 1]!, o.amount, meta(key, '2026-03-20')),
              );
          else if (o.t === 'reverse' && entries.length > 0)
            run = () =>
              tx((t) =>
                reverseEntry(
                  t,
                  c.cooperativeId,
                  entries[Math.max(0, entries.length - 1 - o.back)]!,
                  meta(key),
                ),
              );
          else if (o.t === 'retry' && last) {
            await last().catch(() => undefined);
            continue;
          }
          if (!run) continue;
          last = run;
          try {
            const r = await run();
            entries.push(r.entryId);
            if (r.loanId !== undefined) loans.push(r.loanId);
          } catch (error) {
            expect(error).toHaveProperty('code'); // refused with a reason, not crashed
          }
        }
        const tb = await cooperativeTrialBalance(ctx.database.db, b);
        expect(tb.difference).toBe(0n);
        for (const row of tb.rows)
          if (['1100', '1300', '2100', '3100'].includes(row.account)) expect(row.balance >= 0n).toBe(true);
        const negatives = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM (
            SELECT account_code, member_id, loan_id, sum(debit - credit) AS net FROM coop_journal_lines
             WHERE cooperative_id = ${c.cooperativeId} GROUP BY 1, 2, 3) s
           WHERE (account_code IN ('1100', '1300') AND net < 0) OR (account_code IN ('2100', '3100', '3200') AND net > 0)`.execute(
          ctx.database.db,
        );
        expect(negatives.rows[0]!.n).toBe(0);
        // The running totals the balance checks read are exactly the sums of the journal.
        expect(await balanceDrift(ctx.database.db, c.cooperativeId)).toEqual([]);
      }),
      { numRuns: 12 },
    );
    expect((await allTrialBalances(ctx.database.db)).unbalanced).toEqual([]);
  }, 120_000);

  it('the database guard protects exactly the balances the code protects (chart.ts ↔ migrations 0610, 0660)', async () => {
    for (const a of Object.values(ACCOUNTS)) {
      const r = await sql<{ g: number }>`SELECT entas_coop_guard(${a.code})::int AS g`.execute(
        ctx.database.db,
      );
      const expected = NON_NEGATIVE.has(a.code) ? (isDebitNormal(accountType(a.code)) ? 1 : -1) : 0;
      expect([a.code, r.rows[0]!.g]).toEqual([a.code, expected]);
      // Whose balance it is (migration 0660): a loan's, a member's, or the cooperative's account total.
      const o = await sql<{ o: string }>`SELECT entas_coop_balance_owner(${a.code}) AS o`.execute(
        ctx.database.db,
      );
      const owner = balanceOwner({ account: a.code, memberId: 1, loanId: 2 });
      const kind = owner.loanId !== null ? 'loan' : owner.memberId !== null ? 'member' : 'cooperative';
      expect([a.code, o.rows[0]!.o]).toEqual([a.code, kind]);
    }
  });

  it('restructuring is an explicit event with a new schedule; a Himbara bank loan sits on the cooperative books', async () => {
    const c = await buildCooperative(ctx.database, { members: 1 });
    const [m] = c.memberIds as [number];
    const b = await tx((t) => openBooks(t, c.cooperativeId));
    const bank = await tx((t) =>
      receiveBankLoan(
        t,
        c.cooperativeId,
        {
          lender: 'Bank Himbara',
          principal: 3_000_000_000n,
          annualRate: parseAnnualRatePercent('6'),
          months: 72,
          method: 'annuity',
          graceMonths: 6,
        },
        meta('himbara', '2026-01-05'),
      ),
    );
    // Replaying the key returns the same loan; the liability and the cash are on the cooperative's books.
    expect(
      (
        await tx((t) =>
          receiveBankLoan(
            t,
            c.cooperativeId,
            {
              lender: 'Bank Himbara',
              principal: 3_000_000_000n,
              annualRate: parseAnnualRatePercent('6'),
              months: 72,
              method: 'annuity',
              graceMonths: 6,
            },
            meta('himbara', '2026-01-05'),
          ),
        )
      ).loanId,
    ).toBe(bank.loanId);
    // Grace: Rp15,000,000 interest-only a month (docs/FINANCE.md); the first payment is all interest expense.
    const pay = await tx((t) =>
      repayLoan(t, c.cooperativeId, bank.loanId, 15_000_000n, meta('himbara-1', '2026-02-05')),
    );
    expect(pay.allocation).toEqual({ penalty: 0n, interest: 15_000_000n, principal: 0n });
    const [position] = await bankLoans(ctx.database.db, b, '2026-02-05');
    expect(position).toMatchObject({
      lender: 'Bank Himbara',
      principal_outstanding: 3_000_000_000n,
      arrears: 0n,
    });
    const fs = await financialStatements(ctx.database.db, b, '2026-01-01', '2026-12-31');
    expect(fs.balance_sheet.liabilities).toEqual([
      { account: '2200', name: 'Pinjaman bank', amount: 3_000_000_000n },
    ]);
    expect(fs.income_statement.total_expenses).toBe(15_000_000n);
    expect(fs.balance_sheet.total_assets).toBe(fs.balance_sheet.total_liabilities_and_equity);
    // The bank loan is not part of the members' portfolio (PAR).
    const loan = await tx((t) =>
      disburseLoan(
        t,
        c.cooperativeId,
        {
          memberId: m,
          principal: 1_200_000n,
          annualRate: parseAnnualRatePercent('12'),
          months: 12,
          method: 'flat',
          graceMonths: 0,
        },
        meta('micro', '2026-01-10'),
      ),
    );
    await tx((t) => repayLoan(t, c.cooperativeId, loan.loanId, 112_000n, meta('micro-1', '2026-02-10')));
    const late = await loanPortfolio(ctx.database.db, b, '2026-06-15');
    expect(late.loans.map((l) => l.loan_id)).toEqual([loan.loanId]);
    expect(late.loans[0]).toMatchObject({
      days_past_due: 97,
      principal_outstanding: 1_100_000n,
      interest_due: 48_000n,
    });
    expect(late.par90.amount).toBe(1_100_000n);
    // Restructure over 10 months at 12 % declining: interest due stays due, the principal is spread anew.
    const terms = {
      annualRate: parseAnnualRatePercent('12'),
      months: 10,
      method: 'equal-principal' as const,
      graceMonths: 0,
    };
    const r = await tx((t) =>
      restructureLoan(t, c.cooperativeId, loan.loanId, terms, meta('restr', '2026-06-15')),
    );
    expect(r).toMatchObject({ replayed: false, scheduleVersion: 1 });
    expect(
      await tx((t) => restructureLoan(t, c.cooperativeId, loan.loanId, terms, meta('restr', '2026-06-15'))),
    ).toEqual({
      ...r,
      replayed: true,
    });
    await expect(
      tx((t) =>
        restructureLoan(
          t,
          c.cooperativeId,
          loan.loanId,
          { ...terms, months: 11 },
          meta('restr', '2026-06-15'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'idempotency_conflict' });
    const after = (await loanPortfolio(ctx.database.db, b, '2026-06-15')).loans[0]!;
    expect(after).toMatchObject({
      principal_outstanding: 1_100_000n,
      principal_due: 0n,
      interest_due: 48_000n,
    });
    // Paying the kept interest brings the loan current; the next installment is 110,000 + 11,000 on 15 July.
    await tx((t) => repayLoan(t, c.cooperativeId, loan.loanId, 48_000n, meta('micro-2', '2026-06-16')));
    expect((await loanPortfolio(ctx.database.db, b, '2026-07-15')).loans[0]).toMatchObject({
      days_past_due: 0,
      principal_due: 110_000n,
      interest_due: 11_000n,
    });
    await expect(
      tx((t) => writeOffLoan(t, c.cooperativeId, bank.loanId, meta('wo-bank', '2026-12-31'))),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    await tx((t) => writeOffLoan(t, c.cooperativeId, loan.loanId, meta('wo-micro', '2026-12-31')));
    const events = await ctx.database.db
      .selectFrom('coop_loan_events')
      .select(['kind', 'loan_id', 'idempotency_key', 'entry_id'])
      .where('cooperative_id', '=', c.cooperativeId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.kind, e.idempotency_key, e.entry_id !== null])).toEqual([
      ['restructure', 'restr', false],
      ['write_off', 'wo-micro', true],
    ]);
    expect(await balanceDrift(ctx.database.db, c.cooperativeId)).toEqual([]);
  });
});

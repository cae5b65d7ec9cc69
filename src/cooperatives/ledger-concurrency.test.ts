import { beforeAll, describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { cooperativeTrialBalance } from './coop-reports.js';
import { ACCOUNTS } from './ledger/chart.js';
import { credit, debit, type Posting } from './ledger/posting.js';
import { postSavings, savingsBalance, type PostMeta } from './savings-service.js';
import { balanceDrift, openBooks, postEntries, type Books } from './storage/ledger-repository.js';
import { buildCooperative, type BuiltCooperative } from './testing/coop-builders.js';

/**
 * Two posters on the same cooperative, account and member at once. On PostgreSQL the transactions run on separate
 * connections and overlap; on PGlite (one connection) they are serialised by the engine — the outcome must be the
 * same: no update lost, no balance spent twice.
 */
describe.each(testEngines())('concurrent postings on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  let coop: BuiltCooperative;
  let books: Books;
  const meta = (key: string): PostMeta => ({ date: '2026-03-01', idempotencyKey: key, postedBy: 'test' });

  beforeAll(async () => {
    coop = await buildCooperative(ctx.database, { members: 2 });
    books = await ctx.database.transaction((tx) => openBooks(tx, coop.cooperativeId));
  });

  const balanceOf = (memberId: number) =>
    ctx.database.transaction((tx) => savingsBalance(tx, books, memberId, 'sukarela'));

  it('two posters depositing to one member and one cash account lose no update', async () => {
    const member = coop.memberIds[0]!;
    const poster = async (name: string) => {
      for (let i = 0; i < 25; i++)
        await ctx.database.transaction((tx) =>
          postSavings(
            tx,
            coop.cooperativeId,
            { kind: 'deposit', product: 'sukarela', memberId: member, amount: 1_000n },
            meta(`${name}-${i}`),
          ),
        );
    };
    await Promise.all([poster('a'), poster('b')]);
    expect(await balanceOf(member)).toBe(50_000n);
    const tb = await cooperativeTrialBalance(ctx.database.db, books);
    expect(tb.difference).toBe(0n);
    expect(tb.rows.find((r) => r.account === ACCOUNTS.cash.code)?.balance).toBe(50_000n);
    expect(await balanceDrift(ctx.database.db, coop.cooperativeId)).toEqual([]);
  });

  it('the running balances lose no update even without the cooperative lock (the upsert waits for the row)', async () => {
    const member = coop.memberIds[1]!;
    const deposit = (key: string): Posting => ({
      cooperativeId: coop.cooperativeId,
      date: '2026-03-02',
      kind: 'savings.sukarela.deposit',
      period: null,
      memo: '',
      idempotencyKey: key,
      reversesId: null,
      lines: [debit(ACCOUNTS.cash.code, 500n), credit(ACCOUNTS.sukarela.code, 500n, { memberId: member })],
    });
    const map = new Map([[books.cooperativeId, books]]);
    // Batches of deposits (credits only raise the balances, so the unlocked read cannot refuse them).
    const poster = async (name: string) => {
      for (let i = 0; i < 10; i++)
        await ctx.database.transaction((tx) =>
          postEntries(
            tx,
            map,
            Array.from({ length: 5 }, (_, j) => deposit(`raw-${name}-${i}-${j}`)),
            'test',
          ),
        );
    };
    await Promise.all([poster('a'), poster('b')]);
    expect(await balanceOf(member)).toBe(50_000n);
    expect(await balanceDrift(ctx.database.db, coop.cooperativeId)).toEqual([]);
  });

  it('two withdrawals racing for one balance: exactly one is paid, the other refused with insufficient_balance', async () => {
    const member = coop.memberIds[0]!;
    const before = await balanceOf(member);
    const take = before - 10_000n; // each alone fits, both together overdraw
    const withdraw = (key: string) =>
      ctx.database.transaction((tx) =>
        postSavings(
          tx,
          coop.cooperativeId,
          { kind: 'withdraw', product: 'sukarela', memberId: member, amount: take },
          meta(key),
        ),
      );
    const outcomes = await Promise.allSettled([withdraw('race-a'), withdraw('race-b')]);
    const paid = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(paid).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ code: 'insufficient_balance', name: 'ConflictError' });
    expect(await balanceOf(member)).toBe(10_000n);
    expect(await balanceDrift(ctx.database.db, coop.cooperativeId)).toEqual([]);
  });
});

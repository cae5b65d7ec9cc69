import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import type { Database } from '../db/database.js';
import { memberStatement } from './coop-reports.js';
import { ACCOUNTS } from './ledger/chart.js';
import { checkPosting, credit, debit, postingFingerprint, type Posting } from './ledger/posting.js';
import type { PostResult } from './ledger/posting-set.js';
import {
  accountTotals,
  balanceDrift,
  lockBooks,
  openBooks,
  postEntries,
  type Books,
} from './storage/ledger-repository.js';
import { postStagedEntries } from './storage/ledger-staged-posting.js';
import { buildCooperative } from './testing/coop-builders.js';

/** One posting of a random sequence, by member index (0–2) so it can be posted to either cooperative. */
type Op =
  | { t: 'deposit'; product: 'pokok' | 'wajib' | 'sukarela'; m: number; amount: bigint }
  | { t: 'withdraw'; m: number; amount: bigint }
  | { t: 'loan'; m: number; amount: bigint }
  | { t: 'repay'; m: number; interest: bigint; principal: bigint }
  | { t: 'retry'; back: number; same: boolean }
  | { t: 'reverse'; back: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('deposit' as const),
    product: fc.constantFrom('pokok' as const, 'wajib' as const, 'sukarela' as const),
    m: fc.nat(2),
    amount: fc.bigInt({ min: -5n, max: 2_000_000n }),
  }),
  fc.record({
    t: fc.constant('withdraw' as const),
    m: fc.nat(2),
    amount: fc.bigInt({ min: 1n, max: 2_000_000n }),
  }),
  fc.record({
    t: fc.constant('loan' as const),
    m: fc.nat(2),
    amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
  }),
  fc.record({
    t: fc.constant('repay' as const),
    m: fc.nat(2),
    interest: fc.bigInt({ min: 1n, max: 50_000n }),
    principal: fc.bigInt({ min: 1n, max: 1_500_000n }),
  }),
  fc.record({ t: fc.constant('retry' as const), back: fc.nat(6), same: fc.boolean() }),
  fc.record({ t: fc.constant('reverse' as const), back: fc.nat(6) }),
);

/** One side of the comparison: a cooperative posted to through one path. */
interface Side {
  books: Books;
  members: number[];
  /** Postings made so far (for retries and reversals) and the entry each wrote, if it was written. */
  made: { posting: Posting; entryId: number | null }[];
  post: (tx: Parameters<typeof postEntries>[0], postings: Posting[]) => Promise<PostResult[]>;
}

const SUKARELA = ACCOUNTS.sukarela.code;
const SAVINGS = { pokok: ACCOUNTS.pokok.code, wajib: ACCOUNTS.wajib.code, sukarela: SUKARELA } as const;

/** The posting `o` makes on `side` (null when it refers back to nothing yet). */
function postingFor(side: Side, o: Op, key: string): Posting | null {
  const coop = side.books.cooperativeId;
  const make = (lines: Posting['lines'], kind: string, reversesId: number | null = null): Posting => ({
    cooperativeId: coop,
    date: '2026-03-01',
    kind,
    period: null,
    memo: '',
    idempotencyKey: key,
    reversesId,
    lines,
  });
  switch (o.t) {
    case 'deposit':
      return make(
        [
          debit(ACCOUNTS.cash.code, o.amount),
          credit(SAVINGS[o.product], o.amount, { memberId: side.members[o.m]! }),
        ],
        `savings.${o.product}.deposit`,
      );
    case 'withdraw':
      return make(
        [debit(SUKARELA, o.amount, { memberId: side.members[o.m]! }), credit(ACCOUNTS.cash.code, o.amount)],
        'savings.sukarela.withdrawal',
      );
    case 'loan':
      return make(
        [
          debit(ACCOUNTS.loans.code, o.amount, { memberId: side.members[o.m]!, loanId: 900 + o.m }),
          credit(ACCOUNTS.cash.code, o.amount),
        ],
        'loan.disbursement',
      );
    case 'repay':
      return make(
        [
          debit(ACCOUNTS.cash.code, o.interest + o.principal),
          credit(ACCOUNTS.interestIncome.code, o.interest, {
            memberId: side.members[o.m]!,
            loanId: 900 + o.m,
          }),
          credit(ACCOUNTS.loans.code, o.principal, { memberId: side.members[o.m]!, loanId: 900 + o.m }),
        ],
        'loan.repayment',
      );
    case 'retry': {
      const earlier = side.made.at(-1 - (o.back % Math.max(1, side.made.length)));
      if (!earlier) return null;
      if (o.same) return earlier.posting;
      return { ...earlier.posting, memo: 'other', date: '2026-03-02' };
    }
    case 'reverse': {
      const written = side.made.filter((x) => x.entryId !== null && x.posting.reversesId === null);
      const earlier = written.at(-1 - (o.back % Math.max(1, written.length)));
      if (!earlier) return null;
      return make(
        earlier.posting.lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit })),
        'reversal',
        earlier.entryId,
      );
    }
  }
}

/** Posts one chunk on one side in its own transaction: the results, or the refusal's code and amount. */
async function postChunk(database: Database, side: Side, ops: readonly Op[], serial: number) {
  const postings = ops.flatMap((o, j) => {
    const p = postingFor(side, o, `k${serial}-${j}`);
    return p ? [p] : [];
  });
  if (postings.length === 0) return { outcome: 'empty' };
  try {
    const results = await database.transaction(async (tx) => {
      await lockBooks(tx, [side.books.cooperativeId]);
      return side.post(tx, postings);
    });
    postings.forEach((p, i) =>
      side.made.push({ posting: p, entryId: results[i]!.replayed ? null : results[i]!.entryId }),
    );
    return { outcome: 'posted', replayed: results.map((r) => r.replayed) };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    // The refused amount (insufficient_balance names the balance it would reach), without ids that differ.
    return { outcome: 'refused', code: err.code, amount: /Rp(-?\d+)/.exec(err.message ?? '')?.[1] ?? null };
  }
}

/** What a cooperative's books show: trial balance and every member's statement (entry ids left out). */
async function booksOf(database: Database, side: Side) {
  const totals = (await accountTotals(database.db, side.books)).get(side.books.cooperativeId) ?? [];
  const statements = [];
  for (const m of side.members) {
    const s = await memberStatement(database.db, side.books, m);
    statements.push({ rows: s.rows.map(({ entry_id: _, ...rest }) => rest), closing: s.closing });
  }
  return {
    totals: [...totals].sort((a, b) => a.account.localeCompare(b.account)),
    statements,
    drift: await balanceDrift(database.db, side.books.cooperativeId),
  };
}

describe.each(testEngines())('staged posting path on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  const side = async (post: Side['post']): Promise<Side> => {
    const c = await buildCooperative(ctx.database, { members: 3 });
    const books = await ctx.database.transaction((tx) => openBooks(tx, c.cooperativeId));
    return { books, members: c.memberIds, made: [], post };
  };
  const unnest: Side['post'] = (tx, postings) =>
    postEntries(
      tx,
      new Map(postings.map((p) => [p.cooperativeId, booksById.get(p.cooperativeId)!])),
      postings,
      'test',
    );
  const staged: Side['post'] = (tx, postings) => {
    for (const p of postings) checkPosting(p);
    return postStagedEntries(
      tx,
      new Map(postings.map((p) => [p.cooperativeId, booksById.get(p.cooperativeId)!])),
      postings,
      postings.map(postingFingerprint),
      'test',
    );
  };
  const booksById = new Map<number, Books>();

  it('property: one random sequence of sets posted through both paths gives the same outcomes, balances, statements and trial balances', async () => {
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        async (chunks) => {
          const a = await side(unnest);
          const b = await side(staged);
          booksById.set(a.books.cooperativeId, a.books);
          booksById.set(b.books.cooperativeId, b.books);
          for (const chunk of chunks) {
            serial += 1;
            const ra = await postChunk(ctx.database, a, chunk, serial);
            const rb = await postChunk(ctx.database, b, chunk, serial);
            expect(rb).toEqual(ra);
          }
          const [ba, bb] = [await booksOf(ctx.database, a), await booksOf(ctx.database, b)];
          expect(bb).toEqual(ba);
          expect(ba.drift).toEqual([]);
        },
      ),
      { numRuns: kind === 'pglite' ? 15 : 30 },
    );
  }, 300_000);

  it('stages two sets in one transaction (the staging tables are made anew for each) and replays the first', async () => {
    const b = await side(staged);
    booksById.set(b.books.cooperativeId, b.books);
    const deposit = postingFor(b, { t: 'deposit', product: 'sukarela', m: 1, amount: 700n }, 'two-1')!;
    const withdraw = postingFor(b, { t: 'withdraw', m: 1, amount: 300n }, 'two-2')!;
    const [first, second] = await ctx.database.transaction(async (tx) => {
      await lockBooks(tx, [b.books.cooperativeId]);
      return [await b.post(tx, [deposit]), await b.post(tx, [deposit, withdraw])];
    });
    expect(second[0]).toEqual({ ...first[0]!, replayed: true });
    expect(second[1]!.replayed).toBe(false);
    expect((await memberStatement(ctx.database.db, b.books, b.members[1]!)).closing).toEqual({
      [SUKARELA]: 400n,
    });
  });

  it('refuses a set whose balance dips below zero between its postings, even when it ends positive', async () => {
    const b = await side(staged);
    booksById.set(b.books.cooperativeId, b.books);
    const m = b.members[0]!;
    const dip = [
      { t: 'deposit', product: 'sukarela', m: 0, amount: 1_000n },
      { t: 'withdraw', m: 0, amount: 1_500n },
      { t: 'deposit', product: 'sukarela', m: 0, amount: 1_000n },
    ] as const;
    const refused = await postChunk(ctx.database, b, dip, 1);
    expect(refused).toEqual({ outcome: 'refused', code: 'insufficient_balance', amount: '-500' });
    expect((await memberStatement(ctx.database.db, b.books, m)).rows).toEqual([]);
    // Cash is a cooperative total: a withdrawal of what two deposits brought in, after both, is fine.
    const ok = await postChunk(ctx.database, b, [dip[0], dip[2], { t: 'withdraw', m: 0, amount: 2_000n }], 2);
    expect(ok).toEqual({ outcome: 'posted', replayed: [false, false, false] });
    expect((await memberStatement(ctx.database.db, b.books, m)).closing).toEqual({ [SUKARELA]: 0n });
  });
});

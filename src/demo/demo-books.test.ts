import { describe, expect, it } from 'vitest';
import { allTrialBalances, loanPortfolio } from '../cooperatives/coop-reports.js';
import { cooperativeHealth } from '../cooperatives/operations-service.js';
import { balanceDrift, openBooks } from '../cooperatives/storage/ledger-repository.js';
import { buildFixture, buildPilotFixture, tokenFor } from '../server/test-fixtures.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { BOOKS_UNTIL, demoBooks } from './demo-books.js';

describe.each(testEngines())('demo cooperative books on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('books for the pilot’s members: balanced, a bank loan funding a micro-loan, mentoring with follow-ups', async () => {
    const fx = await buildFixture(ctx.database);
    const user = await tokenFor(ctx.database, 'books-pendamping', 'pendamping', {
      regions: [fx.alfa.regency],
    });
    const pilot = await buildPilotFixture(ctx.database, fx.alfa, user.userId);
    await ctx.database.db
      .updateTable('pilot_enrolments')
      .set({ state: 'active' })
      .where('id', '=', pilot.enrolmentId)
      .execute();
    await ctx.database.db
      .updateTable('cooperative_members')
      .set({ enrolment_id: pilot.enrolmentId, joined_on: '2026-03-10' })
      .where('id', '=', fx.alfa.memberId)
      .execute();
    const summary = await demoBooks(ctx.database, {
      province: '53',
      seed: '1',
      pilotId: pilot.pilotId,
      actor: 'test',
    });
    expect(summary).toMatchObject({
      cooperatives: 1,
      members: 1,
      bank_loans: 1,
      loans: 1,
      mentoring_sessions: 2,
    });
    expect(summary.postings).toBeGreaterThan(10);
    const all = await allTrialBalances(ctx.database.db);
    expect(all.unbalanced).toEqual([]);
    expect(all.total_debit).toBe(all.total_credit);
    expect(await balanceDrift(ctx.database.db)).toEqual([]);
    const books = await ctx.database.transaction((tx) => openBooks(tx, fx.alfa.cooperativeId));
    const bank = await ctx.database.db
      .selectFrom('coop_loans')
      .select(['lender', 'principal'])
      .where('direction', '=', 'bank')
      .executeTakeFirstOrThrow();
    expect(bank.lender).toBe('Himbara (BRI)');
    const portfolio = await loanPortfolio(ctx.database.db, books, BOOKS_UNTIL);
    expect(portfolio.loans.length).toBe(summary.loans);
    const health = await cooperativeHealth(ctx.database.db, books, BOOKS_UNTIL);
    expect(health.components.find((c) => c.key === 'followups_closed')!.inputs.due).toBeGreaterThan(0);
    expect(await ctx.database.db.selectFrom('coop_mentoring_sessions').select('id').execute()).toHaveLength(
      2,
    );
  });
});

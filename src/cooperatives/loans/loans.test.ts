import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateRepayment } from './repayment-allocation.js';
import { loanPosition } from './loan-position.js';
import { percentText, portfolioAtRisk } from './portfolio-at-risk.js';

const schedule = [
  { n: 1, due_date: '2026-02-01', principal: 100n, interest: 10n },
  { n: 2, due_date: '2026-03-01', principal: 100n, interest: 9n },
  { n: 3, due_date: '2026-04-01', principal: 100n, interest: 8n },
];

describe('repayment allocation', () => {
  it('pays penalty, then interest due, then principal', () => {
    const owed = { penalty: 5n, interestDue: 19n, principalDue: 200n, principalOutstanding: 300n };
    expect(allocateRepayment(3n, owed)).toEqual({ penalty: 3n, interest: 0n, principal: 0n });
    expect(allocateRepayment(20n, owed)).toEqual({ penalty: 5n, interest: 15n, principal: 0n });
    expect(allocateRepayment(124n, owed)).toEqual({ penalty: 5n, interest: 19n, principal: 100n });
    expect(allocateRepayment(324n, owed)).toEqual({ penalty: 5n, interest: 19n, principal: 300n });
    expect(() => allocateRepayment(325n, owed)).toThrow(/more than the loan can take/);
    expect(() => allocateRepayment(0n, owed)).toThrow(/positive/);
  });

  it('property: the parts sum to the payment and never exceed what is owed', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 13n }),
        (penalty, interestDue, principalOutstanding, want) => {
          const most = penalty + interestDue + principalOutstanding;
          fc.pre(most > 0n);
          const amount = ((want - 1n) % most) + 1n;
          const a = allocateRepayment(amount, {
            penalty,
            interestDue,
            principalDue: 0n,
            principalOutstanding,
          });
          expect(a.penalty + a.interest + a.principal).toBe(amount);
          expect(
            a.penalty <= penalty && a.interest <= interestDue && a.principal <= principalOutstanding,
          ).toBe(true);
          // Later buckets get money only once earlier ones are full.
          if (a.interest > 0n) expect(a.penalty).toBe(penalty);
          if (a.principal > 0n) expect(a.interest).toBe(interestDue);
        },
      ),
    );
  });
});

describe('loan position and PAR', () => {
  it('counts days past due from the oldest installment not fully paid', () => {
    const none = { principal: 0n, interest: 0n, penalty: 0n };
    expect(loanPosition(schedule, none, 0n, '2026-01-31')).toMatchObject({
      days_past_due: 0,
      arrears: 0n,
      principal_outstanding: 300n,
    });
    // Nothing paid on 2026-03-15: installment 1 (due 1 Feb) is 42 days late; arrears = 100+10+100+9.
    expect(loanPosition(schedule, none, 0n, '2026-03-15')).toMatchObject({
      days_past_due: 42,
      arrears: 219n,
      oldest_unpaid_due: '2026-02-01',
    });
    // Installment 1 paid in full: installment 2 (due 1 Mar) is 14 days late.
    expect(
      loanPosition(schedule, { principal: 100n, interest: 10n, penalty: 0n }, 7n, '2026-03-15'),
    ).toMatchObject({
      days_past_due: 14,
      principal_due: 100n,
      interest_due: 9n,
      penalty_due: 7n,
      principal_outstanding: 200n,
    });
  });

  it('PAR30 and PAR90 take the whole balance of late loans over all outstanding principal', () => {
    const loans = [
      { outstanding: 1_000n, days_past_due: 0 },
      { outstanding: 500n, days_past_due: 31 },
      { outstanding: 250n, days_past_due: 91 },
      { outstanding: 250n, days_past_due: 30 },
    ];
    expect(portfolioAtRisk(loans, 30)).toEqual({ days: 30, amount: 750n, loans: 2, percent: '37.50' });
    expect(portfolioAtRisk(loans, 90)).toEqual({ days: 90, amount: 250n, loans: 1, percent: '12.50' });
    expect(percentText(1n, 3n)).toBe('33.33');
    expect(percentText(2n, 3n)).toBe('66.67');
    expect(portfolioAtRisk([], 30).percent).toBe('0.00');
  });
});

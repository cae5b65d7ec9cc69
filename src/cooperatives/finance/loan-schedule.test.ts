import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { parseAnnualRatePercent } from './exact-rate.js';
import {
  annuityPayment,
  LOAN_METHODS,
  loanSchedule,
  type LoanMethod,
  type LoanTerms,
} from './loan-schedule.js';

const terms = (overrides: Partial<LoanTerms> = {}): LoanTerms => ({
  principal: 10_000_000n,
  annualRate: parseAnnualRatePercent('12'),
  months: 12,
  method: 'annuity',
  graceMonths: 0,
  start: { year: 2026, month: 1, day: 31 },
  ...overrides,
});

const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);

describe('loan schedule contract (Rp10,000,000 at 12 % for 12 months)', () => {
  it('annuity: payment Rp888,488 (PMT 888,487.88 rounded), total interest 661,853, within ±12 of 661,855', () => {
    const schedule = loanSchedule(terms());
    expect(schedule.installments.slice(0, 11).every((i) => i.payment === 888_488n)).toBe(true);
    // Month 1: 1 % of 10,000,000; the last repays the remaining 879,688 with 8,797 interest (8,796.88 rounded).
    expect(schedule.installments[0]).toMatchObject({
      principal: 788_488n,
      interest: 100_000n,
      balance: 9_211_512n,
    });
    expect(schedule.installments[11]).toMatchObject({
      principal: 879_688n,
      interest: 8_797n,
      payment: 888_485n,
    });
    expect(schedule.total_interest).toBe(661_853n);
    expect(Number(schedule.total_interest - 661_855n)).toBeGreaterThanOrEqual(-12);
    expect(Number(schedule.total_interest - 661_855n)).toBeLessThanOrEqual(12);
    expect(schedule.total_payment).toBe(10_661_853n);
  });

  it('equal-principal: total interest exactly 650,000, principal 833,334 × 4 then 833,333 × 8', () => {
    const schedule = loanSchedule(terms({ method: 'equal-principal' }));
    expect(schedule.total_interest).toBe(650_000n);
    expect(schedule.installments.map((i) => i.principal)).toEqual([
      ...Array<bigint>(4).fill(833_334n),
      ...Array<bigint>(8).fill(833_333n),
    ]);
    // 9,166,666 × 1 % = 91,666.66 → 91,667 (half up)
    expect(schedule.installments[1]!.interest).toBe(91_667n);
  });

  it('flat: total interest exactly 1,200,000 (100,000 a month on the original principal)', () => {
    const schedule = loanSchedule(terms({ method: 'flat' }));
    expect(schedule.total_interest).toBe(1_200_000n);
    expect(schedule.installments.every((i) => i.interest === 100_000n)).toBe(true);
  });

  it('due dates run monthly from the start, clamped to shorter months and never drifting', () => {
    const dates = loanSchedule(terms()).installments.map((i) => i.due_date);
    expect(dates.slice(0, 4)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    expect(dates[11]).toBe('2027-01-31');
    const leap = loanSchedule(terms({ start: { year: 2027, month: 12, day: 31 }, months: 3 }));
    expect(leap.installments.map((i) => i.due_date)).toEqual(['2028-01-31', '2028-02-29', '2028-03-31']);
  });
});

describe('grace months and edge cases', () => {
  it('grace months are interest-only and count within the term (Himbara-style Rp3 bn, 6 %, 72 months, 6 grace)', () => {
    const schedule = loanSchedule(
      terms({
        principal: 3_000_000_000n,
        annualRate: parseAnnualRatePercent('6'),
        months: 72,
        graceMonths: 6,
      }),
    );
    expect(schedule.installments).toHaveLength(72);
    for (const i of schedule.installments.slice(0, 6))
      expect(i).toMatchObject({
        principal: 0n,
        interest: 15_000_000n,
        payment: 15_000_000n,
        balance: 3_000_000_000n,
      });
    // Annuity over the remaining 66 months at 0.5 %: 3e9 · 0.005 / (1 − 1.005^−66) = 53,478,818.34 (exact fractions)
    expect(schedule.installments[6]!.payment).toBe(annuityPayment(3_000_000_000n, 5n, 1000n, 66));
    expect(schedule.installments[6]!.payment).toBe(53_478_818n);
    expect(schedule.installments[71]!.balance).toBe(0n);
  });

  it('a 0 % annuity repays P/k a month', () => {
    const schedule = loanSchedule(terms({ annualRate: parseAnnualRatePercent('0'), principal: 1_200n }));
    expect(schedule.installments.every((i) => i.payment === 100n && i.interest === 0n)).toBe(true);
  });

  it('never lets a tiny loan overshoot: principal parts stop at the balance', () => {
    const schedule = loanSchedule(
      terms({ principal: 6n, annualRate: parseAnnualRatePercent('0'), months: 8 }),
    );
    expect(sum(schedule.installments.map((i) => i.principal))).toBe(6n);
    expect(schedule.installments.every((i) => i.balance >= 0n && i.principal >= 0n)).toBe(true);
  });

  it('refuses terms out of range in both languages', () => {
    const cases: [Partial<LoanTerms>, string][] = [
      [{ principal: 0n }, '--principal'],
      [{ months: 0 }, '--months'],
      [{ months: 601 }, '--months'],
      [{ graceMonths: 12 }, '--grace-months'],
      [{ method: 'balloon' as LoanMethod }, '--method'],
    ];
    for (const [overrides, option] of cases) {
      const run = () => loanSchedule(terms(overrides));
      expect(run, option).toThrow(UserError);
      expect(run).toThrow(option);
    }
  });
});

describe('schedule properties for any loan', () => {
  const anyLoan = fc.record({
    principal: fc.bigInt({ min: 1_000_000n, max: 5_000_000_000n }),
    ratePercent: fc.integer({ min: 0, max: 3_600 }), // hundredths of a percent: 0 to 36 % a year
    months: fc.integer({ min: 1, max: 120 }),
    graceShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    method: fc.constantFrom(...LOAN_METHODS),
  });
  const build = (loan: LoanInput) =>
    loanSchedule(
      terms({
        principal: loan.principal,
        annualRate: parseAnnualRatePercent((loan.ratePercent / 100).toFixed(2)),
        months: loan.months,
        graceMonths: Math.floor(loan.graceShare * (loan.months - 1)),
        method: loan.method,
      }),
    );

  it('repays exactly P, ends at 0, has no negative amounts and adds up', () => {
    fc.assert(
      fc.property(anyLoan, (loan) => {
        const schedule = build(loan);
        const installments = schedule.installments;
        expect(installments).toHaveLength(loan.months);
        expect(sum(installments.map((i) => i.principal))).toBe(loan.principal);
        expect(installments.at(-1)!.balance).toBe(0n);
        let balance = loan.principal;
        for (const i of installments) {
          expect(i.principal >= 0n && i.interest >= 0n && i.balance >= 0n).toBe(true);
          expect(i.payment).toBe(i.principal + i.interest);
          balance -= i.principal;
          expect(i.balance).toBe(balance);
        }
        expect(schedule.total_interest).toBe(sum(installments.map((i) => i.interest)));
        expect(schedule.total_payment).toBe(loan.principal + schedule.total_interest);
      }),
      { numRuns: 300 },
    );
  });

  it('equal-principal payments never increase after the grace months; annuity payments are equal but the last', () => {
    fc.assert(
      fc.property(anyLoan, (loan) => {
        const schedule = build(loan);
        const grace = Math.floor(loan.graceShare * (loan.months - 1));
        const payments = schedule.installments.slice(grace).map((i) => i.payment);
        if (loan.method === 'equal-principal')
          for (let k = 1; k < payments.length; k++) expect(payments[k]! <= payments[k - 1]!).toBe(true);
        if (loan.method === 'annuity') {
          const first = payments[0]!;
          for (const p of payments.slice(0, -1)) expect(p === first).toBe(true);
          // The last differs only by the rounding carried over the term: each month's balance error (≤ 1 rupiah:
          // half from the payment, half from the interest) grows by (1 + r) a month until the end.
          const last = payments.at(-1)!;
          const r = loan.ratePercent / 120_000;
          const k = payments.length;
          const bound = r === 0 ? k + 1 : ((1 + r) ** (k + 1) - 1) / r;
          expect(Number(last > first ? last - first : first - last)).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 300 },
    );
  });
});

interface LoanInput {
  principal: bigint;
  ratePercent: number;
  months: number;
  graceShare: number;
  method: LoanMethod;
}

import { describe, expect, it } from 'vitest';
import { distributeShu, percentUnits } from './shu.js';

describe('SHU distribution', () => {
  it('splits a hand-computed example exactly, rounding each part down and reporting the remainder', () => {
    // SHU Rp10,000,001: reserve 25 % = 2,500,000.25 → 2,500,000; jasa usaha 30 % = 3,000,000.3 → 3,000,000;
    // jasa modal 20 % = 2,000,000.2 → 2,000,000; pengurus 10 % → 1,000,000; pendidikan 15 % = 1,500,000.15 → 1,500,000.
    // Jasa usaha by transactions 1:2 → ⌊3,000,000/3⌋ = 1,000,000 and 2,000,000.
    // Jasa modal by capital 1:1:1 → ⌊2,000,000/3⌋ = 666,666 each (and the third member has no transactions).
    const d = distributeShu(
      10_000_001n,
      {
        reserve: '25',
        jasaUsaha: '30',
        jasaModal: '20',
        others: [
          { name: 'pengurus', percent: '10' },
          { name: 'pendidikan', percent: '15' },
        ],
      },
      [
        { memberId: 1, transactions: 100n, capital: 500n },
        { memberId: 2, transactions: 200n, capital: 500n },
        { memberId: 3, transactions: 0n, capital: 500n },
      ],
    );
    expect(d.pools.map((p) => [p.name, p.amount])).toEqual([
      ['cadangan', 2_500_000n],
      ['jasa_usaha', 3_000_000n],
      ['jasa_modal', 2_000_000n],
      ['pengurus', 1_000_000n],
      ['pendidikan', 1_500_000n],
    ]);
    expect(d.members).toEqual([
      { member_id: 1, jasa_usaha: 1_000_000n, jasa_modal: 666_666n, total: 1_666_666n },
      { member_id: 2, jasa_usaha: 2_000_000n, jasa_modal: 666_666n, total: 2_666_666n },
      { member_id: 3, jasa_usaha: 0n, jasa_modal: 666_666n, total: 666_666n },
    ]);
    // 10,000,001 − (2,500,000 + 1,000,000 + 1,500,000) − (1,666,666 + 2,666,666 + 666,666) = 3
    expect(d.remainder).toBe(3n);
  });

  it('takes decimal percentages exactly and refuses shares that do not add up to 100 %', () => {
    expect(percentUnits('12,5', 'x')).toBe(12_500_000n);
    const d = distributeShu(1_000n, { reserve: '12.5', jasaUsaha: '37.5', jasaModal: '50', others: [] }, []);
    expect(d.pools.map((p) => p.amount)).toEqual([125n, 375n, 500n]);
    expect(d.remainder).toBe(875n); // no members: both member pools stay undistributed
    expect(() =>
      distributeShu(1_000n, { reserve: '25', jasaUsaha: '30', jasaModal: '20', others: [] }, []),
    ).toThrow(/100 %/);
    expect(() =>
      distributeShu(-1n, { reserve: '100', jasaUsaha: '0', jasaModal: '0', others: [] }, []),
    ).toThrow(/negative/);
  });
});

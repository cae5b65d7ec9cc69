import { describe, expect, it } from 'vitest';
import { entas, lastJson } from '../../testing/cli.js';
import type { ScheduleJson } from './loan.js';

const contract = ['loan', 'schedule', '--principal', '10000000', '--annual-rate', '12', '--months', '12'];

describe('entas loan schedule', () => {
  it('holds the contract for the three methods, with integer amounts in JSON', async () => {
    const totals: Record<string, number> = {};
    for (const method of ['annuity', 'equal-principal', 'flat']) {
      const result = await entas([...contract, '--method', method, '--start', '2026-01-31', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const json = lastJson(result.stdout) as ScheduleJson;
      expect(Object.keys(json.installments[0]!)).toEqual([
        'n',
        'due_date',
        'principal',
        'interest',
        'payment',
        'balance',
      ]);
      expect(json.installments.every((i) => Number.isInteger(i.payment))).toBe(true);
      expect(json.installments[0]!.due_date).toBe('2026-02-28');
      expect(json.installments.at(-1)!.balance).toBe(0);
      expect(json.total_payment).toBe(10_000_000 + json.total_interest);
      totals[method] = json.total_interest;
    }
    expect(totals).toEqual({ annuity: 661_853, 'equal-principal': 650_000, flat: 1_200_000 });
  });

  it('prints a table without --json and takes grace months', async () => {
    const result = await entas([
      ...contract,
      '--method',
      'annuity',
      '--grace-months',
      '2',
      '--start',
      '2026-01-31',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ {3}1 {2}2026-02-28 +0 +100,000 +100,000 +10,000,000/);
    expect(result.stdout).toContain('total interest 758,210');
  });

  it('refuses bad input with one line naming the option', async () => {
    const cases: [string[], string][] = [
      [['--method', 'balloon'], '--method must be one of annuity, equal-principal, flat (got balloon)'],
      [['--method', 'flat', '--grace-months', '12'], '--grace-months'],
      [['--method', 'flat', '--start', '2026-02-30'], '--start'],
    ];
    for (const [extra, message] of cases) {
      const result = await entas([...contract, ...extra]);
      expect(result.code, extra.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
    const separators = await entas([
      'loan',
      'schedule',
      '--principal',
      '10.000.000',
      '--annual-rate',
      '12',
      '--months',
      '12',
      '--method',
      'flat',
    ]);
    expect(separators.stderr).toContain('--principal must be whole rupiah without separators');
    const rate = await entas([
      'loan',
      'schedule',
      '--principal',
      '1000',
      '--annual-rate',
      '12x',
      '--months',
      '12',
      '--method',
      'flat',
    ]);
    expect(rate.stderr).toContain('--annual-rate must be a yearly percentage');
  });
});

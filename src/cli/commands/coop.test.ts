import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCooperative } from '../../cooperatives/testing/coop-builders.js';
import { entas, lastJson } from '../../testing/cli.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../../testing/test-database.js';

describe.each(testEngines())('entas coop on %s', (kind) => {
  let testDatabase: TestDatabase;
  let coopId = 0;
  let memberId = 0;
  beforeAll(async () => {
    testDatabase = await createTestDatabase(kind);
    const database = await testDatabase.open();
    const built = await buildCooperative(database, { members: 1 });
    coopId = built.cooperativeId;
    memberId = built.memberIds[0]!;
    await database.close();
  });
  afterAll(() => testDatabase?.dispose());

  it('configures, posts idempotently, refuses pokok withdrawal, prints the trial balance (JSON and both languages)', async () => {
    const env = testDatabase.env;
    const c = String(coopId);
    expect(
      (
        await entas(
          [
            'coop',
            'configure-savings',
            '--coop',
            c,
            '--pokok',
            '100000',
            '--wajib',
            '20000',
            '--wajib-from',
            '2026-01',
            '--json',
          ],
          env,
        )
      ).code,
    ).toBe(0);
    const args = [
      'coop',
      'savings',
      '--coop',
      c,
      '--member',
      String(memberId),
      '--kind',
      'deposit',
      '--product',
      'pokok',
      '--amount',
      '100000',
      '--date',
      '2026-01-05',
      '--key',
      'cli-1',
      '--json',
    ];
    const first = await entas(args, env);
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({ replayed: false });
    expect(lastJson((await entas(args, env)).stdout)).toMatchObject({ replayed: true });
    const refused = await entas(
      [
        '--lang',
        'en',
        ...args.slice(0, -1).map((a) => (a === 'deposit' ? 'withdraw' : a === 'cli-1' ? 'cli-2' : a)),
      ],
      env,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('cannot be withdrawn');
    const tb = await entas(['coop', 'trial-balance', '--coop', c, '--json'], env);
    expect(lastJson(tb.stdout)).toMatchObject({ total_debit: 100_000, total_credit: 100_000, difference: 0 });
    expect((await entas(['--lang', 'id', 'coop', 'trial-balance', '--coop', c], env)).stdout).toContain(
      'jumlah',
    );
    expect((await entas(['--lang', 'en', 'coop', 'trial-balance', '--coop', c], env)).stdout).toContain(
      'total',
    );
  }, 400_000);

  it('loan commands: a bank loan received and repaid idempotently, a member loan disbursed, bad input refused', async () => {
    const env = testDatabase.env;
    const c = String(coopId);
    const bank = [
      'loan',
      'bank-receive',
      '--coop',
      c,
      '--lender',
      'Bank Himbara',
      '--principal',
      '3000000000',
      '--annual-rate',
      '6',
      '--months',
      '72',
      '--method',
      'annuity',
      '--grace-months',
      '6',
      '--date',
      '2026-01-05',
      '--key',
      'cli-bank',
      '--json',
    ];
    const first = await entas(bank, env);
    expect(first.code).toBe(0);
    const loanId = (lastJson(first.stdout) as { loan_id: number }).loan_id;
    expect(lastJson((await entas(bank, env)).stdout)).toMatchObject({ replayed: true });
    const repay = await entas(
      [
        'loan',
        'repay',
        '--coop',
        c,
        '--loan',
        String(loanId),
        '--amount',
        '15000000',
        '--date',
        '2026-02-05',
        '--key',
        'cli-bank-1',
        '--json',
      ],
      env,
    );
    expect(lastJson(repay.stdout)).toMatchObject({
      allocation: { penalty: 0, interest: 15_000_000, principal: 0 },
    });
    const loan = await entas(
      [
        'loan',
        'disburse',
        '--coop',
        c,
        '--member',
        String(memberId),
        '--principal',
        '1200000',
        '--annual-rate',
        '12',
        '--months',
        '12',
        '--method',
        'flat',
        '--date',
        '2026-02-10',
        '--key',
        'cli-loan',
        '--json',
      ],
      env,
    );
    expect(loan.code).toBe(0);
    const bad = await entas(
      [
        'loan',
        'disburse',
        '--coop',
        c,
        '--member',
        String(memberId),
        '--principal',
        '1.200.000',
        '--annual-rate',
        '12',
        '--months',
        '12',
        '--method',
        'flat',
        '--date',
        '2026-02-10',
        '--key',
        'cli-loan-2',
      ],
      env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--principal');
  });
});

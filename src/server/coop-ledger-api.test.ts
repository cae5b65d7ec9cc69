import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { configureSavings } from '../cooperatives/savings-service.js';
import { testEngines } from '../testing/test-database.js';
import { useTestApp } from './test-app.js';
import type { Fixture } from './test-fixtures.js';

describe.each(testEngines())('cooperative books over the API on %s', (kind) => {
  const ctx = useTestApp(kind);
  let app: FastifyInstance;
  let fx: Fixture;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fx = ctx.fx;
    app = ctx.app;
    await ctx.database.transaction((tx) =>
      configureSavings(tx, fx.alfa.cooperativeId, { pokok: 100_000n, wajib: 20_000n, wajibFrom: '2026-01' }),
    );
    tokens.alfaOfficer = await ctx.token(
      'coop_officer',
      { cooperativeId: fx.alfa.cooperativeId },
      'alfa-bendahara',
    );
    tokens.bravoOfficer = await ctx.token(
      'coop_officer',
      { cooperativeId: fx.bravo.cooperativeId },
      'bravo-bendahara',
    );
    tokens.kemenkop = await ctx.token('kemenkop_officer', {}, 'kemenkop-nasional');
  }, 60_000);

  const post = (url: string, who: string, key: string | null, payload: object) =>
    app.inject({
      method: 'POST',
      url,
      payload,
      headers: {
        authorization: `Bearer ${tokens[who]!}`,
        ...(key === null ? {} : { 'idempotency-key': key }),
      },
    });
  const get = (url: string, who: string) =>
    app.inject({ url, headers: { authorization: `Bearer ${tokens[who]!}` } });

  it('an officer posts for their own cooperative only; read roles cannot post; a retry posts nothing new', async () => {
    const url = `/api/v1/cooperatives/${fx.alfa.cooperativeId}/savings-transactions`;
    const deposit = {
      kind: 'deposit',
      product: 'sukarela',
      member_id: fx.alfa.memberId,
      amount: 250_000,
      date: '2026-02-01',
    };
    expect((await post(url, 'kemenkop', 'k-1', deposit)).statusCode).toBe(403);
    const outside = await post(url, 'bravoOfficer', 'k-1', deposit);
    const absent = await post(
      '/api/v1/cooperatives/987654321/savings-transactions',
      'bravoOfficer',
      'k-1',
      deposit,
    );
    expect(outside.statusCode).toBe(404);
    expect(outside.body.replaceAll(String(fx.alfa.cooperativeId), 'X')).toBe(
      absent.body.replaceAll('987654321', 'X'),
    );
    expect((await post(url, 'alfaOfficer', null, deposit)).statusCode).toBe(400);
    const first = await post(url, 'alfaOfficer', 'k-1', deposit);
    expect(first.statusCode).toBe(201);
    const retry = await post(url, 'alfaOfficer', 'k-1', deposit);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...first.json(), replayed: true });
    const reused = await post(url, 'alfaOfficer', 'k-1', { ...deposit, amount: 1 });
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ error: { code: 'idempotency_conflict' } });
    expect((await post(url, 'alfaOfficer', 'k-2', { ...deposit, amount: 2.5 })).statusCode).toBe(400);
    const pokokOut = await post(url, 'alfaOfficer', 'k-3', {
      ...deposit,
      kind: 'withdraw',
      product: 'pokok',
      amount: 1,
    });
    // Business rules refusing a well-formed request are 409 with a stable code; bad input stays 400.
    expect(pokokOut.statusCode).toBe(409);
    expect(pokokOut.json()).toMatchObject({ error: { code: 'not_withdrawable' } });
    const over = await post(url, 'alfaOfficer', 'k-4', { ...deposit, kind: 'withdraw', amount: 250_001 });
    expect(over.statusCode).toBe(409);
    const overError = over.json<{ error: { code: string; message: string } }>().error;
    expect(overError.code).toBe('insufficient_balance');
    expect(overError.message).toContain('would become Rp-1');
    const audited = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'coop_savings.deposit')
      .execute();
    expect(
      audited.map((a) => (a.details as { idempotency_key: string; replayed: boolean }).idempotency_key),
    ).toEqual(['k-1', 'k-1']);
    const tb = await get(`/api/v1/cooperatives/${fx.alfa.cooperativeId}/trial-balance`, 'kemenkop');
    expect(tb.json()).toMatchObject({ total_debit: 250_000, total_credit: 250_000, difference: 0 });
  });

  it('loans: disburse, repay with allocation, portfolio, statement and reversal through the API', async () => {
    const coop = fx.alfa.cooperativeId;
    const loan = await post(`/api/v1/cooperatives/${coop}/loans`, 'alfaOfficer', 'loan-1', {
      member_id: fx.alfa.memberId,
      principal: 120_000,
      annual_rate_percent: '12',
      months: 12,
      method: 'flat',
      date: '2026-02-01',
    });
    expect(loan.statusCode).toBe(201);
    const loanId = loan.json<{ loan_id: number }>().loan_id;
    // Flat 12 %: 10,000 principal + 1,200 interest a month.
    const repay = await post(`/api/v1/cooperatives/${coop}/loan-repayments`, 'alfaOfficer', 'rep-1', {
      loan_id: loanId,
      amount: 11_200,
      date: '2026-03-01',
    });
    expect(repay.json()).toMatchObject({ allocation: { penalty: 0, interest: 1_200, principal: 10_000 } });
    const portfolio = await get(`/api/v1/cooperatives/${coop}/loans?as_of=2026-05-15`, 'alfaOfficer');
    expect(portfolio.json()).toMatchObject({
      outstanding: 110_000,
      par30: { amount: 110_000, loans: 1, percent: '100.00' },
      par90: { amount: 0 },
    });
    const rev = await post(`/api/v1/cooperatives/${coop}/reversals`, 'alfaOfficer', 'rev-1', {
      entry_id: repay.json<{ entry_id: number }>().entry_id,
      date: '2026-03-02',
    });
    expect(rev.statusCode).toBe(201);
    const statement = await get(`/api/v1/cooperative-members/${fx.alfa.memberId}/statement`, 'alfaOfficer');
    expect(statement.json()).toMatchObject({ closing: { '2100': 250_000, [`1300:${loanId}`]: 120_000 } });
    expect(
      (await get(`/api/v1/cooperative-members/${fx.alfa.memberId}/statement`, 'bravoOfficer')).statusCode,
    ).toBe(404);
    const fs = await get(
      `/api/v1/cooperatives/${coop}/financial-statements?from=2026-01-01&to=2026-12-31`,
      'kemenkop',
    );
    expect(fs.json()).toMatchObject({
      balance_sheet: { total_assets: 250_000, total_liabilities_and_equity: 250_000 },
      income_statement: { surplus: 0 },
    });
  });

  it('bank loans, restructuring, penalties and write-offs go through the same scope, permission and audit', async () => {
    const coop = fx.alfa.cooperativeId;
    const bankLoan = {
      lender: 'Bank Himbara',
      principal: 3_000_000_000,
      annual_rate_percent: '6',
      months: 72,
      method: 'annuity',
      grace_months: 6,
      date: '2026-02-01',
    };
    expect(
      (await post(`/api/v1/cooperatives/${coop}/bank-loans`, 'kemenkop', 'bank-1', bankLoan)).statusCode,
    ).toBe(403);
    expect(
      (await post(`/api/v1/cooperatives/${coop}/bank-loans`, 'bravoOfficer', 'bank-1', bankLoan)).statusCode,
    ).toBe(404);
    const received = await post(`/api/v1/cooperatives/${coop}/bank-loans`, 'alfaOfficer', 'bank-1', bankLoan);
    expect(received.statusCode).toBe(201);
    const listed = await get(`/api/v1/cooperatives/${coop}/bank-loans?as_of=2026-03-01`, 'kemenkop');
    expect(listed.json()).toMatchObject({
      outstanding: 3_000_000_000,
      loans: [{ lender: 'Bank Himbara', interest_due: 15_000_000, days_past_due: 0 }],
    });
    const loan = await post(`/api/v1/cooperatives/${coop}/loans`, 'alfaOfficer', 'loan-r', {
      member_id: fx.alfa.memberId,
      principal: 1_200_000,
      annual_rate_percent: '12',
      months: 12,
      method: 'flat',
      date: '2026-02-01',
    });
    const loanId = loan.json<{ loan_id: number }>().loan_id;
    const penalty = { loan_id: loanId, amount: 5_000, reason: 'late', date: '2026-04-10' };
    expect(
      (await post(`/api/v1/cooperatives/${coop}/loan-penalties`, 'kemenkop', 'pen-1', penalty)).statusCode,
    ).toBe(403);
    expect(
      (await post(`/api/v1/cooperatives/${coop}/loan-penalties`, 'alfaOfficer', 'pen-1', penalty)).statusCode,
    ).toBe(201);
    const restructure = {
      loan_id: loanId,
      annual_rate_percent: '12',
      months: 18,
      method: 'equal-principal',
      date: '2026-04-10',
    };
    const r1 = await post(
      `/api/v1/cooperatives/${coop}/loan-restructurings`,
      'alfaOfficer',
      'restr-1',
      restructure,
    );
    expect(r1.statusCode).toBe(201);
    expect(r1.json()).toMatchObject({ replayed: false, schedule_version: 1 });
    const r2 = await post(
      `/api/v1/cooperatives/${coop}/loan-restructurings`,
      'alfaOfficer',
      'restr-1',
      restructure,
    );
    expect(r2.statusCode).toBe(200);
    expect(r2.json()).toEqual({ ...r1.json(), replayed: true });
    const wo = await post(`/api/v1/cooperatives/${coop}/loan-write-offs`, 'alfaOfficer', 'wo-1', {
      loan_id: loanId,
      date: '2026-12-31',
    });
    expect(wo.statusCode).toBe(201);
    const audited = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'in', [
        'coop_bank_loan.receive',
        'coop_loan.penalty',
        'coop_loan.restructure',
        'coop_loan.write_off',
      ])
      .orderBy('id')
      .execute();
    expect(
      audited.map((a) => [a.action, (a.details as { idempotency_key: string }).idempotency_key]),
    ).toEqual([
      ['coop_bank_loan.receive', 'bank-1'],
      ['coop_loan.penalty', 'pen-1'],
      ['coop_loan.restructure', 'restr-1'],
      ['coop_loan.restructure', 'restr-1'],
      ['coop_loan.write_off', 'wo-1'],
    ]);
  });
  it('SHU of a year per member with the RAT parameters (hand-computed), scoped and audited', async () => {
    // A year of its own (2025): the other tests post in 2026, so 2025's surplus is this test's alone.
    const coop = fx.alfa.cooperativeId;
    const member = fx.alfa.memberId;
    const deposit = { kind: 'deposit', product: 'sukarela', member_id: member, amount: 200_000 };
    const url = `/api/v1/cooperatives/${coop}`;
    expect(
      (
        await post(`${url}/savings-transactions`, 'alfaOfficer', 'shu-dep', {
          ...deposit,
          date: '2025-01-02',
        })
      ).statusCode,
    ).toBe(201);
    const loan = await post(`${url}/loans`, 'alfaOfficer', 'shu-loan', {
      member_id: member,
      principal: 120_000,
      annual_rate_percent: '12',
      months: 12,
      method: 'flat',
      date: '2025-01-03',
    });
    expect(loan.statusCode).toBe(201);
    // Flat 12 %: the first instalment is 10,000 principal + 1,200 interest, so 2025's surplus is Rp 1,200.
    const repaid = await post(`${url}/loan-repayments`, 'alfaOfficer', 'shu-rep', {
      loan_id: loan.json<{ loan_id: number }>().loan_id,
      amount: 11_200,
      date: '2025-02-03',
    });
    expect(repaid.statusCode).toBe(201);
    const query = '?year=2025&reserve=30&jasa_usaha=30&jasa_modal=30&other=pengurus=10';
    const shu = await get(`${url}/shu${query}`, 'kemenkop');
    expect(shu.statusCode).toBe(200);
    // 30 % of 1,200 = 360 reserve, 10 % = 120 pengurus; 360 jasa usaha and 360 jasa modal, both to the only
    // member with interest paid and savings at the end of 2025; nothing left from rounding.
    const body = shu.json<{
      shu: number;
      pools: { name: string; amount: number }[];
      members: { member_id: number; jasa_usaha: number; jasa_modal: number; total: number }[];
      remainder: number;
    }>();
    expect(body.shu).toBe(1_200);
    expect(body.pools.map((p) => [p.name, p.amount])).toEqual(
      expect.arrayContaining([
        ['cadangan', 360],
        ['pengurus', 120],
        ['jasa_usaha', 360],
        ['jasa_modal', 360],
      ]),
    );
    expect(body.members.find((m) => m.member_id === member)).toEqual({
      member_id: member,
      jasa_usaha: 360,
      jasa_modal: 360,
      total: 720,
    });
    expect(body.remainder).toBe(0);
    expect(
      (await get(`${url}/shu?year=2025&reserve=50&jasa_usaha=30&jasa_modal=30`, 'kemenkop')).statusCode,
    ).toBe(400);
    expect((await get(`${url}/shu${query}`, 'bravoOfficer')).statusCode).toBe(404);
    const audited = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id'])
      .where('action', '=', 'coop_shu.read')
      .execute();
    expect(audited).toHaveLength(1);
  });
});

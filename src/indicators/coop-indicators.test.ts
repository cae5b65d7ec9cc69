import { describe, expect, it } from 'vitest';
import { loanPortfolio } from '../cooperatives/coop-reports.js';
import { parseAnnualRatePercent } from '../cooperatives/finance/exact-rate.js';
import {
  disburseLoan,
  repayLoan,
  restructureLoan,
  writeOffLoan,
  type LoanRequest,
} from '../cooperatives/loan-service.js';
import { cooperativeHealth, recordMentoringSession } from '../cooperatives/operations-service.js';
import { configureSavings, postSavings } from '../cooperatives/savings-service.js';
import { openBooks } from '../cooperatives/storage/ledger-repository.js';
import { buildCooperative } from '../cooperatives/testing/coop-builders.js';
import type { Tx } from '../db/database.js';
import { testEngines, useTestDatabase } from '../testing/test-database.js';
import { loadIndicatorSets } from './definition-files.js';
import { indicatorValue } from './definition.js';
import { IndicatorRepository } from './indicator-repository.js';
import { indicatorStatus, refreshIndicators } from './indicator-service.js';
import { IndicatorData } from './testing/indicator-data.js';

/**
 * Cooperative-finance indicators from month-end positions of the books, and the pilot arm and wave
 * disaggregations, against numbers worked by hand (the comments give the arithmetic).
 *
 * Cooperative C1 (regency 53.01), flat loans at 12 % a year (interest = 1 % of the principal a month):
 *   A: 1,200,000 over 12 months from 2026-01-15 (100,000 + 12,000 due on the 15th from February); only the first
 *      installment is paid (15 Feb). Oldest unpaid due 15 Mar: days past due 16 (31 Mar), 46 (30 Apr),
 *      77 (31 May), 107 (30 Jun).
 *   B: 600,000 over 6 months from 2026-03-01 (100,000 + 6,000 on the 1st), paid on time in April, May, June.
 *   C: 300,000 over 3 months from 2026-02-10, never paid: 21 days late on 31 Mar, 51 on 30 Apr; written off
 *      on 20 May (left out from May).
 * Cooperative C2 (regency 33.74):
 *   D: 1,000,000 over 10 months from 2026-04-30 (due 30 May, 30 Jun …), unpaid; restructured on 10 Jun. Under the
 *      old schedule it would be 31 days late on 30 Jun (PAR30); the new schedule's first installment holds the
 *      interest already due (10,000) on 10 Jun, so it is 20 days late (not PAR30). On 31 May it is 1 day late.
 * The latest posting is B's repayment of 1 Jun (the restructuring posts nothing), the latest mentoring session
 * 15 Jun: positions run to 30 Jun.
 */
describe.each(testEngines())('cooperative indicators and pilot disaggregations on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const sets = loadIndicatorSets();

  const cells = async (id: string, region: string, period: string, disaggregation = '') => {
    const repo = new IndicatorRepository(ctx.database.db);
    const def = sets.flatMap((s) => s.indicators).find((d) => d.id === id)!;
    const version = (await repo.storedVersion(def))!;
    const rows = await repo.values({ indicatorId: id, version, region, period, disaggregation });
    return Object.fromEntries(rows.map((r) => [r.category, [r.numerator, r.denominator]]));
  };

  const loan = (memberId: number, principal: bigint, months: number): LoanRequest => ({
    memberId,
    principal,
    annualRate: parseAnnualRatePercent('12'),
    months,
    method: 'flat',
    graceMonths: 0,
  });
  const meta = (date: string, key: string) => ({ date, idempotencyKey: key, postedBy: 'test' });

  it('loans outstanding, PAR30, PAR90, mentoring coverage and health bands match the hand-worked month ends', async () => {
    const c1 = await buildCooperative(ctx.database, { regency: '53.01', members: 3 });
    const c2 = await buildCooperative(ctx.database, { regency: '33.74', members: 1 });
    const [m1, m2, m3] = c1.memberIds as [number, number, number];
    const run = <T>(work: (tx: Tx) => Promise<T>) => ctx.database.transaction(work);
    await run((tx) =>
      configureSavings(tx, c1.cooperativeId, { pokok: 10_000_000n, wajib: 10_000n, wajibFrom: '2026-01' }),
    );
    await run((tx) =>
      configureSavings(tx, c2.cooperativeId, { pokok: 5_000_000n, wajib: 10_000n, wajibFrom: '2026-01' }),
    );
    await run((tx) =>
      postSavings(
        tx,
        c1.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: m1, amount: 10_000_000n },
        meta('2026-01-05', 'pokok-1'),
      ),
    );
    await run((tx) =>
      postSavings(
        tx,
        c2.cooperativeId,
        { kind: 'deposit', product: 'pokok', memberId: c2.memberIds[0]!, amount: 5_000_000n },
        meta('2026-01-05', 'pokok-2'),
      ),
    );
    const a = await run((tx) =>
      disburseLoan(tx, c1.cooperativeId, loan(m1, 1_200_000n, 12), meta('2026-01-15', 'a')),
    );
    const c = await run((tx) =>
      disburseLoan(tx, c1.cooperativeId, loan(m3, 300_000n, 3), meta('2026-02-10', 'c')),
    );
    const b = await run((tx) =>
      disburseLoan(tx, c1.cooperativeId, loan(m2, 600_000n, 6), meta('2026-03-01', 'b')),
    );
    const d = await run((tx) =>
      disburseLoan(tx, c2.cooperativeId, loan(c2.memberIds[0]!, 1_000_000n, 10), meta('2026-04-30', 'd')),
    );
    await run((tx) => repayLoan(tx, c1.cooperativeId, a.loanId, 112_000n, meta('2026-02-15', 'a1')));
    for (const [day, key] of [
      ['2026-04-01', 'b1'],
      ['2026-05-01', 'b2'],
      ['2026-06-01', 'b3'],
    ] as const)
      await run((tx) => repayLoan(tx, c1.cooperativeId, b.loanId, 106_000n, meta(day, key)));
    await run((tx) => writeOffLoan(tx, c1.cooperativeId, c.loanId, meta('2026-05-20', 'c-off')));
    await run((tx) =>
      restructureLoan(
        tx,
        c2.cooperativeId,
        d.loanId,
        { annualRate: parseAnnualRatePercent('12'), months: 10, method: 'flat', graceMonths: 0 },
        meta('2026-06-10', 'd-re'),
      ),
    );
    const session = (coop: number, day: string) =>
      run((tx) =>
        recordMentoringSession(
          tx,
          coop,
          {
            heldOn: day,
            mentor: 'Pendamping',
            topic: 'Buku kas',
            attendees: [],
            findings: '',
            followups: [],
          },
          'test',
        ),
      );
    await session(c1.cooperativeId, '2026-02-20');
    await session(c1.cooperativeId, '2026-05-03');
    await session(c2.cooperativeId, '2026-06-15');

    await refreshIndicators(ctx.database, { sets, actor: 'test' });
    const v1 = c1.villageCode;
    const outstanding = async (region: string, month: string) =>
      (await cells('loans_outstanding', region, month))['']?.[0];
    // Month ends of C1: A 1,200,000 (Jan); A 1,100,000 + C 300,000 (Feb); + B 600,000 (Mar); B 500,000 (Apr);
    // C written off, B 400,000 (May); B 300,000 (Jun).
    expect(await outstanding(v1, '2026-01')).toBe(1_200_000);
    expect(await outstanding(v1, '2026-02')).toBe(1_400_000);
    expect(await outstanding(v1, '2026-03')).toBe(2_000_000);
    expect(await outstanding(v1, '2026-04')).toBe(1_900_000);
    expect(await outstanding(v1, '2026-05')).toBe(1_500_000);
    expect(await outstanding(v1, '2026-06')).toBe(1_400_000);
    // D (1,000,000, regency 33.74) from April; the nation adds both.
    expect(await outstanding('', '2026-04')).toBe(2_900_000);
    expect(await outstanding('53.01', '2026-06')).toBe(1_400_000);
    expect(await outstanding('33.74', '2026-06')).toBe(1_000_000);
    expect(await outstanding('', '2026-07')).toBeUndefined();

    const par30 = async (region: string, month: string) => (await cells('loans_par30', region, month))[''];
    // March: A 16 and C 21 days late — nothing over 30. April: A (46) + C (51) = 1,400,000 of 1,900,000.
    expect(await par30(v1, '2026-03')).toEqual([0, 2_000_000]);
    expect(await par30(v1, '2026-04')).toEqual([1_400_000, 1_900_000]);
    expect(await par30('', '2026-04')).toEqual([1_400_000, 2_900_000]);
    // May: A (77) of A + B; D 1 day late. June: A (107); D 20 days late under its restructured schedule.
    expect(await par30('', '2026-05')).toEqual([1_100_000, 2_500_000]);
    expect(await par30('', '2026-06')).toEqual([1_100_000, 2_400_000]);
    expect(await par30('33.74', '2026-06')).toEqual([0, 1_000_000]);
    const def = sets[0]!.indicators.find((x) => x.id === 'loans_par30')!;
    expect(indicatorValue(def, 1_400_000, 1_900_000)).toBeCloseTo(73.6842, 4);
    expect((await cells('loans_par90', '', '2026-05'))['']).toEqual([0, 2_500_000]);
    expect((await cells('loans_par90', '', '2026-06'))['']).toEqual([1_100_000, 2_400_000]);

    // The cooperative portfolio report (all postings are before 30 Jun) gives the same June figures for C1.
    const books = await run((tx) => openBooks(tx, c1.cooperativeId));
    const portfolio = await loanPortfolio(ctx.database.db, books, '2026-06-30');
    expect([Number(portfolio.par30.amount), Number(portfolio.outstanding)]).toEqual([1_100_000, 1_400_000]);
    expect(Number(portfolio.par90.amount)).toBe(1_100_000);

    // Mentoring: both cooperatives exist from January (their members joined 5 Jan); C1 mentored in February and
    // May, C2 in June.
    const coverage = async (region: string, period: string) =>
      (await cells('mentoring_coverage', region, period))[''];
    expect(await coverage('', '2026-01')).toEqual([0, 2]);
    expect(await coverage('', '2026-02')).toEqual([1, 2]);
    expect(await coverage(v1, '2026-02')).toEqual([1, 1]);
    expect(await coverage('', '2026Q1')).toEqual([1, 2]);
    expect(await coverage('', '2026Q2')).toEqual([2, 2]);
    expect(await coverage('33.74', '2026Q1')).toEqual([0, 1]);
    expect(await coverage('', '2026')).toEqual([2, 2]);
    expect(await coverage('', '2026-07')).toBeUndefined();

    // Health (docs/FINANCE.md; weights growth 15, savings 15, PAR30 20, units 10 — targeting, RAT and follow-ups
    // do not apply; the score uses the portfolio report, i.e. every repayment):
    //   C1: growth 1000; savings 10,000,000 × 1000 ÷ (3 × 10,120,000) = 329; no business unit = 0.
    //       Jan–Mar PAR30 1000 (nothing 30 days late at the month end): (15,000 + 4,935 + 20,000) ÷ 600 = 66.6 → 67;
    //       Apr–Jun PAR30 0 (over 10 %): 19,935 ÷ 600 = 33.2 → 33.
    //   C2: growth 1000; savings 5,000,000 × 1000 ÷ 5,120,000 = 976; Jan–Mar no loan (PAR30 does not apply):
    //       (15,000 + 14,640) ÷ 400 = 74.1 → 74; Apr–Jun D is not 30 days late: 49,640 ÷ 600 = 82.7 → 83.
    const scores = await ctx.database.db
      .selectFrom('coop_health_scores')
      .select(['cooperative_id', 'month_end', 'score'])
      .orderBy('cooperative_id')
      .orderBy('month_end')
      .execute();
    expect(scores.map((r) => [r.cooperative_id, r.month_end.slice(0, 7), r.score])).toEqual([
      ...[67, 67, 67, 33, 33, 33].map((s, i) => [c1.cooperativeId, `2026-0${i + 1}`, s]),
      ...[74, 74, 74, 83, 83, 83].map((s, i) => [c2.cooperativeId, `2026-0${i + 1}`, s]),
    ]);
    const c1June = await cooperativeHealth(ctx.database.db, books, '2026-06-30');
    expect(c1June.score).toBe(33);
    expect(await cells('coop_health_distribution', '', '2026-06', 'health_band')).toEqual({
      '20-39': [1, null],
      '80-100': [1, null],
    });
    expect(await cells('coop_health_distribution', '', '2026-03', 'health_band')).toEqual({
      '60-79': [2, null],
    });
    expect((await cells('coop_health_good', '', '2026-06'))['']).toEqual([1, 2]);
    expect((await cells('coop_health_good', '', '2026-03'))['']).toEqual([2, 2]);
    expect((await cells('coop_health_good', '33.74', '2026-06'))['']).toEqual([1, 1]);

    // A later repayment stales only its regency; a posting in a new month is a new month end for every loan.
    await run((tx) => repayLoan(tx, c1.cooperativeId, b.loanId, 106_000n, meta('2026-06-20', 'b4')));
    const status = async () =>
      (await indicatorStatus(ctx.database, sets)).find((s) => s.def.id === 'loans_par30')!.staleness;
    expect(await status()).toEqual({ full: false, regencies: ['53.01'] });
    await run((tx) => repayLoan(tx, c1.cooperativeId, b.loanId, 106_000n, meta('2026-07-01', 'b5')));
    expect(await status()).toEqual({ full: true, regencies: [] });
    await refreshIndicators(ctx.database, { sets, changed: true, actor: 'test' });
    // B: 20 Jun, nothing due, so 106,000 repays principal not yet due (300,000 → 194,000); 1 Jul, interest due
    // 6,000 and no principal due (406,000 repaid of 400,000 due), 100,000 principal → 94,000.
    // 31 Jul: A 1,100,000 (138 days late) and D 1,000,000 (its settled first installment of 10 Jun still holds
    // 10,000 interest unpaid: 51 days) are PAR30, of 1,100,000 + 1,000,000 + 94,000.
    expect(await par30('', '2026-07')).toEqual([2_100_000, 2_194_000]);
  }, 300_000);

  it('breaks indicators down by pilot arm and wave; households outside pilots get no category', async () => {
    const data = new IndicatorData(ctx.database);
    const [t1, t2, k1, out] = await data.villages('52.01', 4);
    // Pilot: t1 treatment wave 1, t2 treatment wave 2, k1 control; `out` is in no pilot.
    const pilotId = await data.pilot('Uji arm', [
      { village: t1!, arm: 'treatment', wave: 1 },
      { village: t2!, arm: 'treatment', wave: 2 },
      { village: k1!, arm: 'control', wave: null },
    ]);
    // KPM households on PKH in 2026-03, some with an active member:
    //   t1: 2 households, 1 member; t2: 1 household, 1 member; k1: 2 households, 0 members; out: 1 household, member.
    const kpm = async (village: string, member: boolean) => {
      const h = await data.household({ village, sexOfHead: 'P', snapshots: [['2026-01-31', 2]] });
      await data.enrol(h.householdId, 'PKH', ['2026-03']);
      if (member) await data.member({ village, personId: h.personId, joinedOn: '2026-02-01' });
    };
    await kpm(t1!, true);
    await kpm(t1!, false);
    await kpm(t2!, true);
    await kpm(k1!, false);
    await kpm(k1!, false);
    await kpm(out!, true);
    await refreshIndicators(ctx.database, { sets, ids: ['kpm_conversion'], actor: 'test' });
    const arm = `${pilotId}:treatment`;
    const control = `${pilotId}:control`;
    expect(await cells('kpm_conversion', '52.01', '2026-03', 'pilot_arm')).toEqual({
      [arm]: [2, 3],
      [control]: [0, 2],
    });
    expect(await cells('kpm_conversion', '52.01', '2026-03', 'pilot_wave')).toEqual({
      [`${pilotId}:1`]: [1, 2],
      [`${pilotId}:2`]: [1, 1],
      [control]: [0, 2],
    });
    // The total still counts the household outside the pilot: 3 members of 6.
    expect(await cells('kpm_conversion', '52.01', '2026-03')).toEqual({ '': [3, 6] });
    expect(await cells('kpm_conversion', t1!, '2026-03', 'pilot_arm')).toEqual({ [arm]: [1, 2] });
    expect(await cells('kpm_conversion', out!, '2026-03', 'pilot_arm')).toEqual({});
  });
});

import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { useTestDatabase, testEngines } from '../testing/test-database.js';
import { loadContextLookups, streamHouseholdData } from './context-repository.js';
import { explainHousehold } from './explain-service.js';
import type { HouseholdData } from './household-context.js';
import { applyPolicy } from './policy-apply-service.js';
import { compilePolicy } from './policy-compiler.js';
import { simulatePolicy } from './policy-simulation-service.js';
import { buildCooperative, buildEnrolment, buildHousehold, buildMembership } from './test-builders.js';

const defaultText = fs.readFileSync('policies/default.yaml', 'utf8');
const defaultPolicy = compilePolicy(defaultText).policy!;

// Villages in district 53.01.05: 1001 and 1002 are kelurahan, 2003 a desa; 11.01.01.2001 elsewhere.
const KEL = '53.01.05.1001';
const KEL2 = '53.01.05.1002';
const DESA = '53.01.05.2003';
const OTHER = '11.01.01.2001';
const adult = (more = {}) => ({ birth: '1980-03-04', ...more });

describe.each(testEngines())('policy on %s', (kind) => {
  const ctx = useTestDatabase(kind);
  const ids: Record<string, number> = {};

  it('builds the household context set-based, page by page', async () => {
    const db = ctx.database.db;
    const coop = await buildCooperative(db, { village: KEL, capacity: 3, name: 'Kopdes Oenesu' });
    await buildCooperative(db, { village: KEL2, status: 'inactive' });
    // 1: no productive member (two elderly) → protection.
    ids.elderly = await buildHousehold(db, {
      village: DESA,
      decile: 1,
      members: [{ birth: '1950-01-01' }, { birth: '1955-06-30', sex: 'P', relation: 2 }],
    });
    // 2: disabled head, productive → protection (rule 2).
    ids.disabledHead = await buildHousehold(db, {
      village: KEL,
      decile: 3,
      members: [adult({ disability: true }), adult({ relation: 2 })],
    });
    // 3: poorest with productive members, female head → member + capital.
    ids.poorest = await buildHousehold(db, {
      village: KEL,
      decile: 2,
      extremePoor: true,
      members: [adult({ sex: 'P', nik: '5301054403800001' }), { birth: '2015-01-01', relation: 4 }],
    });
    // 4: decile 5 → member + savings.
    ids.savings = await buildHousehold(db, {
      village: DESA,
      decile: 5,
      extremePoor: false,
      members: [adult({ nik: '5301050403800002' })],
    });
    // 5: decile 7 still on PKH (linked by NIK only) → graduation review.
    ids.graduate = await buildHousehold(db, {
      village: OTHER,
      decile: 7,
      members: [adult({ nik: '1101010101800003' })],
    });
    // 6: decile 8 whose PKH enrolment is an old period only → not targeted.
    ids.old = await buildHousehold(db, { village: KEL, decile: 8, members: [adult()] });
    // 7: unknown decile → not targeted (no rule can match).
    ids.unknown = await buildHousehold(db, { village: DESA, decile: null, members: [adult()] });
    // 8: decile 1, the 15-year-old turns 15 exactly at as_of → productive → member + capital.
    ids.turns15 = await buildHousehold(db, {
      village: DESA,
      decile: 1,
      members: [{ birth: '1950-01-01' }, { birth: '2011-07-01', relation: 4 }],
    });
    // 9: decile 1, the child turns 15 a day after as_of → protection.
    ids.turns15late = await buildHousehold(db, {
      village: DESA,
      decile: 1,
      members: [{ birth: '1950-01-01' }, { birth: '2011-07-02', relation: 4 }],
    });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: ids.savings });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', nik: '1101010101800003' });
    await buildEnrolment(db, { program: 'PKH', period: '2026-03', householdId: ids.old });
    await buildEnrolment(db, { program: 'BPNT', period: '2026-05', nik: '5301054403800001' });
    await buildMembership(db, { cooperativeId: coop, nik: '5301050403800002' });
    await buildMembership(db, { cooperativeId: coop, nik: '5301054403800001', leftOn: '2026-01-01' });

    await db
      .insertInto('village_profiles')
      .values({
        village_code: KEL,
        commodities: ['jagung'],
        has_market: true,
        market_distance_km: 1.5,
        cooperative_readiness: 3,
      })
      .execute();

    const lookups = await loadContextLookups(db, '2026-07-01');
    expect(lookups.currentPeriods.sort((a, b) => a.program.localeCompare(b.program))).toEqual([
      { program: 'BPNT', period: '2026-05' },
      { program: 'PKH', period: '2026-06' },
    ]);
    const pages: number[] = [];
    const all: HouseholdData[] = [];
    await ctx.database.transaction(async (tx) => {
      for await (const page of streamHouseholdData(tx, { asOf: '2026-07-01', pageSize: 4 }, lookups)) {
        pages.push(page.length);
        all.push(...page);
      }
    });
    expect(pages).toEqual([4, 4, 1]); // consecutive ids: ranges of 4
    expect(all.map((h) => h.id)).toEqual(Object.values(ids).sort((a, b) => a - b));
    const byId = new Map(all.map((h) => [h.id, h]));
    expect(byId.get(ids.poorest)).toMatchObject({
      villageCode: KEL,
      villageKind: 'kelurahan',
      decile: 2,
      extremePoor: true,
      programs: ['BPNT'],
      isCoopMember: false, // left before as_of
      cooperative: { id: coop, name: 'Kopdes Oenesu', members: 1, memberCapacity: 3 },
    });
    expect(byId.get(ids.poorest)?.members).toEqual([
      {
        birthDate: 19800304, // yyyymmdd as decoded
        sex: 'P',
        relation: 1,
        disability: false,
        occupation: null,
        education: null,
      },
      {
        birthDate: 20150101,
        sex: 'L',
        relation: 4,
        disability: false,
        occupation: null,
        education: null,
      },
    ]);
    expect(byId.get(ids.poorest)?.village).toEqual({
      mainLivelihoods: [],
      commodities: ['jagung'],
      hasMarket: true,
      marketDistanceKm: 1.5,
      roadAccess: null,
      hasElectricity: null,
      hasInternet: null,
      bumdesCount: null,
      bumdesActive: null,
      cooperativeReadiness: 3,
    });
    expect(byId.get(ids.savings)?.village).toBeNull();
    expect(byId.get(ids.old)?.extremePoor).toBeNull(); // the extract did not say
    expect(byId.get(ids.savings)).toMatchObject({
      extremePoor: false,
      programs: ['PKH'],
      isCoopMember: true,
      villageKind: 'desa',
      cooperative: null,
    });
    expect(byId.get(ids.graduate)?.programs).toEqual(['PKH']);
    expect(byId.get(ids.old)?.programs).toEqual([]);
    const region: HouseholdData[] = [];
    await ctx.database.transaction(async (tx) => {
      for await (const page of streamHouseholdData(
        tx,
        { asOf: '2026-07-01', region: '53.01.05', pageSize: 3 },
        lookups,
      ))
        region.push(...page);
    });
    expect(region).toHaveLength(8);
    expect(region.find((h) => h.id === ids.poorest)).toEqual(byId.get(ids.poorest));
  });

  it('simulates the default policy with exact counts, costs and quality', async () => {
    const r = await simulatePolicy(ctx.database, defaultPolicy, null);
    expect(r.households).toBe(9);
    expect(r.by_treatment).toEqual({
      PERLINDUNGAN: 3,
      ANGGOTA_MODAL_PENDAMPINGAN: 2,
      ANGGOTA_SIMPANAN: 1,
      TINJAU_GRADUASI: 1,
      TIDAK_SASARAN: 2,
    });
    expect(r.by_rule).toEqual({
      'perlindungan-tanpa-usia-produktif': 2,
      'perlindungan-kepala-disabilitas': 1,
      'termiskin-produktif': 2,
      'layak-simpanan': 1,
      'penerima-desil-atas': 1,
      default: 2,
    });
    // Monthly: 2 × 150,000 + 1 × 10,000; yearly: 12 × monthly + one-off 2 × 2,000,000 + 50,000.
    expect(r.cost.monthly).toBe(310_000);
    expect(r.cost.yearly).toBe(12 * 310_000 + 4_050_000);
    // Eligible deciles 1–5: 6 households, all reached; reached outside eligible: none.
    expect(r.quality).toMatchObject({
      eligible: 6,
      targeted: 6,
      eligible_targeted: 6,
      exclusion_error: 0,
      inclusion_error: 0,
    });
    expect(r.by_decile['1']).toEqual({ PERLINDUNGAN: 2, ANGGOTA_MODAL_PENDAMPINGAN: 1 });
    expect(r.by_decile.unknown).toEqual({ TIDAK_SASARAN: 1 });
    expect(r.by_province).toEqual({
      '53': { PERLINDUNGAN: 3, ANGGOTA_MODAL_PENDAMPINGAN: 2, ANGGOTA_SIMPANAN: 1, TIDAK_SASARAN: 2 },
      '11': { TINJAU_GRADUASI: 1 },
    });
    expect(r.by_district).toEqual({
      '53.01.05': { PERLINDUNGAN: 3, ANGGOTA_MODAL_PENDAMPINGAN: 2, ANGGOTA_SIMPANAN: 1, TIDAK_SASARAN: 2 },
      '11.01.01': { TINJAU_GRADUASI: 1 },
    });
    expect(r.by_village).toEqual({
      [KEL]: { PERLINDUNGAN: 1, ANGGOTA_MODAL_PENDAMPINGAN: 1, TIDAK_SASARAN: 1 },
      [DESA]: { PERLINDUNGAN: 2, ANGGOTA_MODAL_PENDAMPINGAN: 1, ANGGOTA_SIMPANAN: 1, TIDAK_SASARAN: 1 },
      [OTHER]: { TINJAU_GRADUASI: 1 },
    });
    expect(r.by_program).toEqual({
      PKH: { ANGGOTA_SIMPANAN: 1, TINJAU_GRADUASI: 1 },
      BPNT: { ANGGOTA_MODAL_PENDAMPINGAN: 1 },
    });
    expect(r.fairness.head_sex.P).toMatchObject({ households: 1, eligible: 1, targeted: 1 });
    expect(r.fairness.area).toMatchObject({
      urban: { households: 3, eligible: 2 },
      rural: { households: 6, eligible: 4 },
    });
    // Reached: 3 in kelurahan 1001 (own Kopdes) … the protection households in the desa have no Kopdes in the
    // village; the nearest active one in the district is 1001 (1002's is inactive).
    expect(r.cooperatives).toMatchObject({ village: 2, district_nearest: 4, none: 0 });
    expect(r.cooperatives.capacity_warnings).toEqual([
      expect.objectContaining({ capacity: 3, members: 1, assigned: 6, over_by: 4 }),
    ]);
  });

  it('lets rules read the extreme-poor flag (absent when unknown)', async () => {
    const text = defaultText.replace(
      '  - id: perlindungan-tanpa-usia-produktif',
      [
        '  - id: miskin-ekstrem',
        '    treatment: PERLINDUNGAN',
        '    when: has(household.extreme_poor) && household.extreme_poor',
        "    reason: { id: 'Miskin ekstrem.', en: 'Extreme poor.' }",
        '  - id: status-ekstrem-diketahui',
        '    treatment: TINJAU_GRADUASI',
        '    when: has(household.extreme_poor)',
        "    reason: { id: 'Status diketahui.', en: 'Status known.' }",
        '  - id: perlindungan-tanpa-usia-produktif',
      ].join('\n'),
    );
    const compiled = compilePolicy(text);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const r = await simulatePolicy(ctx.database, compiled.policy!, null);
    // First match wins: the extreme-poor household (poorest) stops at rule 1; savings (flag false) at rule 2.
    expect(r.by_rule['miskin-ekstrem']).toBe(1);
    expect(r.by_rule['status-ekstrem-diketahui']).toBe(1);
    expect(r.by_treatment).toMatchObject({ PERLINDUNGAN: 4, ANGGOTA_SIMPANAN: 0, TINJAU_GRADUASI: 2 });
  });

  it('compares against another policy over the same households', async () => {
    const stricter = defaultText
      .replace('poorest_max_decile: 2', 'poorest_max_decile: 1')
      .replace('id: kopdes-default', 'id: stricter');
    const other = compilePolicy(stricter).policy!;
    const r = await simulatePolicy(ctx.database, defaultPolicy, other, { region: '53' });
    expect(r.households).toBe(8);
    expect(r.comparison).toMatchObject({
      households_changed: 1,
      transitions: { 'ANGGOTA_MODAL_PENDAMPINGAN -> ANGGOTA_SIMPANAN': 1 },
      by_treatment: { ANGGOTA_SIMPANAN: { policy: 1, other: 2, difference: 1 } },
      cost_difference: { monthly: -140_000 },
    });
  });

  it('applies append-only and explains each household', async () => {
    const first = await applyPolicy(ctx.database, defaultPolicy, defaultText, {
      effective: '2026-07-01',
      actor: localActor('test'),
    });
    expect(first).toMatchObject({ households: 9, superseded: 0, by_treatment: { PERLINDUNGAN: 3 } });
    const second = await applyPolicy(ctx.database, defaultPolicy, defaultText, {
      effective: '2026-08-01',
      actor: localActor('test'),
      region: '11',
    });
    expect(second).toMatchObject({
      households: 1,
      superseded: 1,
      policy: { stored_id: first.policy.stored_id },
    });
    const rows = await ctx.database.db.selectFrom('policy_decisions').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(10);
    expect(rows.filter((r) => r.superseded_by === second.application_id).map((r) => r.household_id)).toEqual([
      ids.graduate,
    ]);
    const poorest = rows.find((r) => r.household_id === ids.poorest)!;
    expect(poorest).toMatchObject({
      treatment: 'ANGGOTA_MODAL_PENDAMPINGAN',
      rule_index: 2,
      rule_id: 'termiskin-produktif',
      cooperative_match: 'village',
      effective: '2026-07-01',
    });
    expect(poorest.inputs).toEqual({
      productive_members: 1,
      decile: 2,
      head: { age: 46, sex: 'P', relation: 1, disability: false },
    });
    const history = await explainHousehold(ctx.database.db, ids.graduate!);
    expect(history.map((h) => [h.effective, h.current])).toEqual([
      ['2026-07-01', false],
      ['2026-08-01', true],
    ]);
    expect(history[1]?.text.en).toContain(
      'Review for graduation from assistance (TINJAU_GRADUASI) by rule 5 "penerima-desil-atas"',
    );
    expect(history[1]?.text.id).toContain('Masih menerima bansos');
    expect(history[0]?.text.en).toContain(`Superseded by application #${second.application_id}`);
    const changed = defaultText.replace('monthly_cost: 150000', 'monthly_cost: 160000');
    await expect(
      applyPolicy(ctx.database, compilePolicy(changed).policy!, changed, {
        effective: '2026-09-01',
        actor: localActor('t'),
      }),
    ).rejects.toThrow(/already stored with different content/);
    expect(
      await ctx.database.db
        .selectFrom('policy_decisions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst(),
    ).toEqual({ n: 10 });
  });
});

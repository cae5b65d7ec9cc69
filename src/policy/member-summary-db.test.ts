import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { localActor } from '../audit/access-audit.js';
import { useTestDatabase, testEngines } from '../testing/test-database.js';
import { loadContextLookups, streamHouseholdData } from './context-repository.js';
import type { HouseholdField } from './context-schema.js';
import { buildHouseholdContext, type CelHousehold, type HouseholdData } from './household-context.js';
import { applyPolicy } from './policy-apply-service.js';
import { compilePolicy } from './policy-compiler.js';
import { simulatePolicy } from './policy-simulation-service.js';
import { buildCooperative, buildEnrolment, buildHousehold, buildMembership } from './test-builders.js';

const defaultText = fs.readFileSync('policies/default.yaml', 'utf8');
const defaultPolicy = compilePolicy(defaultText).policy!;
/** The default policy plus a last rule that reads the member list and never fires: same decisions. */
const withMemberRuleText = defaultText
  .replace('id: kopdes-default', 'id: kopdes-default-members')
  .replace(
    'default: TIDAK_SASARAN',
    [
      '  - id: anggota-berusia-200',
      '    treatment: PERLINDUNGAN',
      '    when: household.members.exists(m, has(m.age) && m.age > 200)',
      "    reason: { id: 'Tidak mungkin.', en: 'Impossible.' }",
      '',
      'default: TIDAK_SASARAN',
    ].join('\n'),
  );
const withMemberRule = compilePolicy(withMemberRuleText).policy!;

const KEL = '53.01.05.1001';
const DESA = '53.01.05.2003';

/**
 * The compact read (member aggregates computed by the database) must give every household exactly the
 * context the member list gives, at any as_of: ages at the limits, leap days, several heads, no members.
 */
describe.each(testEngines())('member summaries on %s', (kind) => {
  const ctx = useTestDatabase(kind);

  it('the compact read gives every context field the member list gives', { timeout: 180_000 }, async () => {
    const db = ctx.database.db;
    const coop = await buildCooperative(db, { village: KEL });
    const edge = await buildHousehold(db, {
      village: KEL,
      decile: 2,
      pmt: 0.75,
      extremePoor: true,
      members: [
        { birth: '1966-07-01', sex: 'P', disability: true, occupation: 'petani', education: 'SD', nik: '1' },
        { birth: '1961-07-02', relation: 2 }, // 64 at 2026-07-01
        { birth: '1961-07-01', relation: 8, disability: true }, // 65
        { birth: '2011-07-01', relation: 3 }, // 15
        { birth: '2011-07-02', relation: 3 }, // 14
        { birth: '2008-07-01', relation: 3 }, // 18
        { birth: '2008-07-02', relation: 3, sex: null }, // 17
        { birth: '2027-01-01', relation: 3 }, // born after as_of: no age
        { birth: null, relation: null },
        { birth: '2012-02-29', relation: 4 }, // leap day
        { birth: '1968-02-29', relation: 4 },
      ],
    });
    // Two heads: the first by person id is the head (disabled, with occupation); the second is not.
    await buildHousehold(db, {
      village: DESA,
      decile: 4,
      members: [
        { birth: '1990-05-05', relation: 4 },
        { birth: '1970-01-01', relation: 1, sex: 'P', disability: true, occupation: 'nelayan' },
        { birth: '1980-01-01', relation: 1, sex: 'L', education: 'SMA' },
      ],
    });
    await buildHousehold(db, { village: DESA, decile: 1, members: [] });
    await buildHousehold(db, {
      village: DESA,
      decile: null,
      members: [
        { birth: null, sex: null, relation: 1 },
        { birth: '1950-12-31', relation: 2 },
      ],
    });
    await buildHousehold(db, { village: KEL, decile: 7, members: [{ birth: '1985-01-01', nik: '2' }] });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: edge });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', householdId: edge }); // twice
    await buildEnrolment(db, { program: 'BPNT', period: '2026-06', householdId: edge });
    await buildEnrolment(db, { program: 'PKH', period: '2026-06', nik: '2' });
    await buildEnrolment(db, { program: 'BPNT', period: '2026-06', nik: '1' });
    await buildMembership(db, { cooperativeId: coop, nik: '2' });

    const withoutList = (h: CelHousehold) => {
      const { members: _members, ...rest } = h;
      return rest;
    };
    // Leap days on either side, and a date where every age limit falls on an ordinary day.
    for (const asOf of ['2026-07-01', '2028-02-29', '2029-03-01']) {
      const lookups = await loadContextLookups(db, asOf);
      const read = async (members: boolean, region?: string, fields?: ReadonlySet<HouseholdField>) => {
        const out: HouseholdData[] = [];
        const scope = { asOf, pageSize: 2, members, region, fields };
        await ctx.database.transaction(async (tx) => {
          for await (const page of streamHouseholdData(tx, scope, lookups)) out.push(...page);
        });
        return out.sort((a, b) => a.id - b.id).map((h) => buildHouseholdContext(h, asOf));
      };
      const full = await read(true);
      const compact = await read(false);
      expect(full).toHaveLength(5);
      expect(compact).toEqual(full.map(withoutList));
      // Reading only what the default policy reads: those fields (and what simulation breakdowns read)
      // as in the full read, the other member counts and household columns left out.
      const reads = new Set(defaultPolicy.readsAll);
      expect(reads.has('productive_members') && !reads.has('elderly_members')).toBe(true);
      const trimmed = await read(false, undefined, reads);
      const kept = (h: CelHousehold) => {
        const { size: _s, elderly_members: _e, children: _c, disabled_members: _d, ...rest } = h;
        const { pmt_score: _p, extreme_poor: _x, ...same } = rest;
        return same;
      };
      expect(trimmed.map(kept)).toEqual(compact.map(kept));
      for (const h of trimmed) {
        expect([h.size, h.elderly_members, h.children, h.disabled_members]).toEqual([0, 0, 0, 0]);
        expect('pmt_score' in h || 'extreme_poor' in h).toBe(false);
      }
      if (asOf === '2026-07-01')
        expect((await read(false, KEL)).map((h) => h.id)).toEqual(
          full.filter((h) => h.village_code === KEL).map((h) => h.id),
        );
    }
    // Spot checks of what both agree on.
    const lookups = await loadContextLookups(db, '2026-07-01');
    const compact: HouseholdData[] = [];
    await ctx.database.transaction(async (tx) => {
      for await (const page of streamHouseholdData(tx, { asOf: '2026-07-01', members: false }, lookups))
        compact.push(...page);
    });
    const byId = new Map(compact.map((h) => [h.id, buildHouseholdContext(h, '2026-07-01')]));
    expect(byId.get(edge)).toMatchObject({
      size: 11,
      productive_members: 6, // 60, 64, 15, 18, 17 (sex unknown), 58 (leap day 1968)
      elderly_members: 3, // 60, 64, 65
      children: 4, // 15, 14, 17, 14 (leap day 2012); not 18
      disabled_members: 2,
      programs: ['BPNT', 'PKH'],
      head: { age: 60, sex: 'P', relation: 1, disability: true, occupation: 'petani', education: 'SD' },
    });
    expect(byId.get(edge + 1)?.head).toEqual({
      age: 56,
      sex: 'P',
      relation: 1,
      disability: true,
      occupation: 'nelayan',
    });
    expect(byId.get(edge + 2)).toMatchObject({ size: 0, productive_members: 0 });
    expect(byId.get(edge + 2)?.head).toBeUndefined();
    expect(byId.get(edge + 4)).toMatchObject({ programs: ['PKH'], is_coop_member: true });
  });

  it('simulates and applies with identical decisions whether rules read the member list or not', async () => {
    expect(defaultPolicy.readsMembers).toBe(false);
    expect(withMemberRule.readsMembers).toBe(true);
    const compact = await simulatePolicy(ctx.database, defaultPolicy, null, { pageSize: 2 });
    const full = await simulatePolicy(ctx.database, withMemberRule, null, { pageSize: 3 });
    expect(compact.households).toBe(5);
    for (const key of [
      'by_treatment',
      'by_decile',
      'by_village',
      'by_program',
      'quality',
      'cost',
      'fairness',
    ] as const)
      expect(compact[key], key).toEqual(full[key]);
    expect(compact.cooperatives).toEqual(full.cooperatives);
    expect(compact.by_rule).toEqual(full.by_rule); // the member rule never fires
    // Cooperative membership is looked up when a rule reads it (one member household here).
    const coopText = defaultText
      .replace('id: kopdes-default', 'id: kopdes-coop')
      .replace(
        '  - id: perlindungan-tanpa-usia-produktif',
        [
          '  - id: sudah-anggota',
          '    treatment: TIDAK_SASARAN',
          '    when: household.is_coop_member',
          "    reason: { id: 'Sudah anggota.', en: 'Already a member.' }",
          '  - id: perlindungan-tanpa-usia-produktif',
        ].join('\n'),
      );
    const coop = await simulatePolicy(ctx.database, compilePolicy(coopText).policy!, null);
    expect(coop.by_rule['sudah-anggota']).toBe(1);

    const a = await applyPolicy(ctx.database, defaultPolicy, defaultText, {
      effective: '2026-07-01',
      actor: localActor('t'),
      pageSize: 2,
    });
    const b = await applyPolicy(ctx.database, withMemberRule, withMemberRuleText, {
      effective: '2026-07-01',
      actor: localActor('t'),
    });
    expect(b.superseded).toBe(5);
    const rows = await ctx.database.db
      .selectFrom('policy_decisions')
      .select(['application_id', 'household_id', 'treatment', 'rule_id', 'inputs', 'cooperative_id'])
      .orderBy('household_id')
      .execute();
    const of = (app: number) =>
      rows
        .filter((r) => r.application_id === app)
        .map(({ application_id: _app, inputs, ...rest }) => ({
          ...rest,
          // The member-reading rule is last: only default decisions read (and store) the list.
          inputs: Object.fromEntries(Object.entries(inputs as object).filter(([k]) => k !== 'members')),
        }));
    expect(of(a.application_id)).toHaveLength(5);
    expect(of(a.application_id)).toEqual(of(b.application_id));
  });
});

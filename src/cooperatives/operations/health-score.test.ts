import { describe, expect, it } from 'vitest';
import { loadHealthSettings, SHIPPED_HEALTH_SETTINGS } from '../health-settings-file.js';
import {
  DEFAULT_HEALTH_SETTINGS,
  HEALTH_WEIGHTS,
  healthScore,
  type HealthFacts,
  type HealthSettings,
} from './health-score.js';
import { parseHealthSettings } from './health-settings.js';

const base: HealthFacts = {
  asOf: '2027-09-30',
  membersNow: 55,
  membersYearAgo: 50,
  targetedHouseholds: 40,
  targetedEnrolled: 30,
  savingsOfActiveMembers: 9_350_000n,
  savingsTargetPerMember: 340_000n,
  parOutstanding: 20_000_000n,
  par30Amount: 1_000_000n,
  ratYearDue: 2026,
  ratHeldOn: '2027-03-15',
  activeBusinessUnits: 2,
  followupsDue: 4,
  followupsClosed: 3,
};

const permille = (f: HealthFacts) =>
  Object.fromEntries(healthScore(f).components.map((c) => [c.key, c.applicable ? c.permille : null]));

describe('cooperative health score', () => {
  it('matches a hand computation', () => {
    // growth: (55 − 50) × 10000 / 50 = 1000 (10 % = full)
    // targeted: 30 × 1000 / 40 = 750
    // savings: 9,350,000 × 1000 / (55 × 340,000) = 9,350,000,000 / 18,700,000 = 500
    // PAR30: 1,000,000 / 20,000,000 = 5 % = 500 bp → 1000 − 500 = 500
    // RAT 2026 held 2027-03-15 ≤ 2027-06-30 → 1000
    // units: 2 × 1000 / 3 = 666
    // follow-ups: 3 × 1000 / 4 = 750
    expect(permille(base)).toEqual({
      membership_growth: 1000,
      targeted_enrolled: 750,
      savings_per_member: 500,
      par30: 500,
      rat_on_time: 1000,
      business_units: 666,
      followups_closed: 750,
    });
    // Σ w·p = 15·1000 + 20·750 + 15·500 + 20·500 + 10·1000 + 10·666 + 10·750
    //       = 15000 + 15000 + 7500 + 10000 + 10000 + 6660 + 7500 = 71,660 → 71,660 / 1000 = 71.66 → 72
    expect(healthScore(base).score).toBe(72);
  });

  it('clamps: shrinking membership scores 0, PAR30 of 10 % or more scores 0, more than enough savings 1000', () => {
    const p = permille({
      ...base,
      membersNow: 45,
      par30Amount: 2_000_000n,
      savingsOfActiveMembers: 100_000_000n,
      activeBusinessUnits: 7,
    });
    expect(p).toMatchObject({
      membership_growth: 0,
      par30: 0,
      savings_per_member: 1000,
      business_units: 1000,
    });
    // growth 5 %: 500; PAR30 just above 0 rounds against the cooperative (⌈⌉): 1 rupiah of 20 M → 999
    expect(permille({ ...base, membersNow: 52, membersYearAgo: 50, par30Amount: 1n })).toMatchObject({
      membership_growth: 400,
      par30: 999,
    });
  });

  it('a RAT held late or not at all scores 0; none due is left out', () => {
    expect(permille({ ...base, ratHeldOn: '2027-07-01' }).rat_on_time).toBe(0);
    expect(permille({ ...base, ratHeldOn: null }).rat_on_time).toBe(0);
    expect(permille({ ...base, ratYearDue: null }).rat_on_time).toBeNull();
  });

  it('leaves out components without a denominator and rescales over the rest', () => {
    const young: HealthFacts = {
      ...base,
      membersYearAgo: 0,
      membersNow: 10,
      targetedHouseholds: 0,
      targetedEnrolled: 0,
      savingsOfActiveMembers: 1_700_000n,
      parOutstanding: 0n,
      par30Amount: 0n,
      ratYearDue: null,
      ratHeldOn: null,
      activeBusinessUnits: 1,
      followupsDue: 0,
      followupsClosed: 0,
    };
    const h = healthScore(young);
    expect(h.components.filter((c) => c.applicable).map((c) => c.key)).toEqual([
      'membership_growth',
      'savings_per_member',
      'business_units',
    ]);
    // growth from nothing: 1000; savings 1,700,000 × 1000 / (10 × 340,000) = 500; units 333
    // (15·1000 + 15·500 + 10·333) / (10 × 40) = 25,830 / 400 = 64.575 → 65
    expect(h.score).toBe(65);
    expect(healthScore({ ...young, membersNow: 0, activeBusinessUnits: 0 }).score).toBe(0);
  });

  it('every figure is an integer: permille, counts and bigint rupiah', () => {
    for (const c of healthScore(base).components) {
      expect(Number.isInteger(c.permille)).toBe(true);
      for (const v of Object.values(c.inputs))
        if (typeof v === 'number') expect(Number.isInteger(v)).toBe(true);
    }
  });
});

describe('health settings', () => {
  it('the shipped policies/coop-health.yaml holds exactly the documented defaults', () => {
    expect(loadHealthSettings(SHIPPED_HEALTH_SETTINGS)).toEqual(DEFAULT_HEALTH_SETTINGS);
  });

  it('other thresholds change the permille as the formula says', () => {
    const strict: HealthSettings = {
      ...DEFAULT_HEALTH_SETTINGS,
      fullGrowthBasisPoints: 2000, // 20 % growth for full marks: 10 % → 500
      par30ZeroBasisPoints: 500, // 0 at 5 %: 5 % → 0
      fullBusinessUnits: 4, // 2 of 4 → 500
      ratDeadline: '03-31', // held 2027-03-15 ≤ 2027-03-31 → still on time
      weights: { ...DEFAULT_HEALTH_SETTINGS.weights, targeted_enrolled: 0 },
    };
    const h = healthScore(base, strict);
    expect(Object.fromEntries(h.components.map((c) => [c.key, c.permille]))).toMatchObject({
      membership_growth: 500,
      par30: 0,
      business_units: 500,
      rat_on_time: 1000,
    });
    expect(healthScore({ ...base, ratHeldOn: '2027-04-01' }, strict).components[4]!.permille).toBe(0);
    // 15·500 + 0·750 + 15·500 + 20·0 + 10·1000 + 10·500 + 10·750 = 37,500 over weights 80 → 37,500 / 800 = 46.875 → 47
    expect(h.score).toBe(47);
  });

  it('refuses a bad file naming the field', () => {
    const ok = {
      weights: { ...HEALTH_WEIGHTS },
      full_growth_basis_points: 1000,
      par30_zero_basis_points: 1000,
      full_business_units: 3,
      default_savings_target: 340_000,
      rat_deadline: '06-30',
    };
    expect(parseHealthSettings(ok, 'x.yaml')).toEqual(DEFAULT_HEALTH_SETTINGS);
    expect(() => parseHealthSettings({ ...ok, par30_zero_basis_points: 0 }, 'x.yaml')).toThrow(
      'x.yaml: par30_zero_basis_points must be a whole number from 1 to 10000, got 0',
    );
    expect(() => parseHealthSettings({ ...ok, rat_deadline: '02-30' }, 'x.yaml')).toThrow(/rat_deadline/);
    expect(() => parseHealthSettings({ ...ok, weights: { ...ok.weights, par60: 5 } }, 'x.yaml')).toThrow(
      'x.yaml: weights.par60 is not a component',
    );
    expect(() => parseHealthSettings({ ...ok, par90: 1 }, 'x.yaml')).toThrow(/par90 is not a setting/);
    expect(() => parseHealthSettings({ ...ok, weights: { ...ok.weights, par30: 2.5 } }, 'x.yaml')).toThrow(
      /weights\.par30 must be a whole number/,
    );
  });
});

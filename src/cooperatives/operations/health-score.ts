/**
 * The cooperative health score (pure; docs/FINANCE.md "Health score"). Seven components, each scored in permille
 * (0–1000) from integer facts — no floating point — and weighted (weights add up to 100):
 *
 * | component            | weight | permille                                                                     |
 * | -------------------- | -----: | ---------------------------------------------------------------------------- |
 * | membership_growth    |     15 | ⌊(now − a year ago) × 10000 ÷ a year ago⌋ clamped to 0…1000 (10 % growth = full) |
 * | targeted_enrolled    |     20 | ⌊targeted households with an active member × 1000 ÷ targeted households⌋     |
 * | savings_per_member   |     15 | ⌊savings of active members × 1000 ÷ (active members × target)⌋, ≤ 1000       |
 * | par30                |     20 | 1000 − ⌈PAR30 amount × 10000 ÷ outstanding⌉, ≥ 0 (PAR30 of 10 % or more = 0)  |
 * | rat_on_time          |     10 | 1000 if the RAT of the last book year due was held by 30 June after it, else 0 |
 * | business_units       |     10 | ⌊active units × 1000 ÷ 3⌋, ≤ 1000 (three units = full)                       |
 * | followups_closed     |     10 | ⌊follow-ups due by the date and closed by then × 1000 ÷ follow-ups due⌋      |
 *
 * A component without a denominator (no members a year ago and none now, no targeted households, no active
 * members, no loans outstanding, no RAT due yet, no follow-up due) is `applicable: false` and left out: the score
 * is Σ weight × permille over the applicable components ÷ (10 × Σ their weights), rounded half up, so 0–100.
 *
 * The weights and thresholds above are the defaults of `HealthSettings` (our choices, with their sources in
 * docs/FINANCE.md "Health score"); a deployment changes them in policies/coop-health.yaml (or ENTAS_COOP_HEALTH).
 */
export interface HealthFacts {
  asOf: string;
  membersNow: number;
  membersYearAgo: number;
  targetedHouseholds: number;
  targetedEnrolled: number;
  /** pokok + wajib + sukarela of active members, whole rupiah. */
  savingsOfActiveMembers: bigint;
  /** Savings a member should have after a year: pokok + 12 × wajib, or the default when not configured. */
  savingsTargetPerMember: bigint;
  parOutstanding: bigint;
  par30Amount: bigint;
  /** The book year whose RAT is the latest due by `asOf`, null when none is due yet (cooperative too young). */
  ratYearDue: number | null;
  ratHeldOn: string | null;
  activeBusinessUnits: number;
  followupsDue: number;
  followupsClosed: number;
}

export type HealthComponentKey =
  | 'membership_growth'
  | 'targeted_enrolled'
  | 'savings_per_member'
  | 'par30'
  | 'rat_on_time'
  | 'business_units'
  | 'followups_closed';

export const HEALTH_WEIGHTS: Record<HealthComponentKey, number> = {
  membership_growth: 15,
  targeted_enrolled: 20,
  savings_per_member: 15,
  par30: 20,
  rat_on_time: 10,
  business_units: 10,
  followups_closed: 10,
};

/** Without a savings configuration: Rp100,000 pokok + 12 × Rp20,000 wajib. */
export const DEFAULT_SAVINGS_TARGET = 340_000n;
export const FULL_GROWTH_BASIS_POINTS = 1000n;
export const FULL_BUSINESS_UNITS = 3;

/** The weights and thresholds of the score: configuration (health-settings.ts reads and checks them). */
export interface HealthSettings {
  /** Non-negative integers; only their ratios matter (the score is rescaled over the applicable components). */
  weights: Record<HealthComponentKey, number>;
  /** Membership growth a year, in basis points, that scores full (1000 = 10 %). */
  fullGrowthBasisPoints: number;
  /** PAR30, in basis points, at which the component reaches 0 (1000 = 10 %); linear from 1000 at 0 %. */
  par30ZeroBasisPoints: number;
  /** Active business units that score full. */
  fullBusinessUnits: number;
  /** Savings per member after a year when the cooperative has no savings configuration, whole rupiah. */
  defaultSavingsTarget: bigint;
  /** MM-DD: the RAT of book year Y is on time when held by this day of year Y + 1. */
  ratDeadline: string;
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  weights: HEALTH_WEIGHTS,
  fullGrowthBasisPoints: Number(FULL_GROWTH_BASIS_POINTS),
  par30ZeroBasisPoints: 1000,
  fullBusinessUnits: FULL_BUSINESS_UNITS,
  defaultSavingsTarget: DEFAULT_SAVINGS_TARGET,
  ratDeadline: '06-30',
};

export interface HealthComponent {
  key: HealthComponentKey;
  weight: number;
  applicable: boolean;
  permille: number;
  /** The figures the permille came from, as integers (rupiah, counts) or dates. */
  inputs: Record<string, number | bigint | string | null>;
}

export interface HealthScore {
  as_of: string;
  score: number;
  components: HealthComponent[];
}

const clamp = (v: bigint, lo: bigint, hi: bigint) => (v < lo ? lo : v > hi ? hi : v);
/** ⌈a / b⌉ for a ≥ 0, b > 0. */
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Deadline of a book year's RAT: 30 June of the next year (settings.ratDeadline). */
export const ratDeadline = (bookYear: number, monthDay = DEFAULT_HEALTH_SETTINGS.ratDeadline) =>
  `${bookYear + 1}-${monthDay}`;

export function healthScore(f: HealthFacts, settings: HealthSettings = DEFAULT_HEALTH_SETTINGS): HealthScore {
  const c: HealthComponent[] = [];
  const add = (
    key: HealthComponentKey,
    applicable: boolean,
    permille: bigint,
    inputs: HealthComponent['inputs'],
  ) =>
    c.push({
      key,
      weight: settings.weights[key],
      applicable,
      permille: applicable ? Number(permille) : 0,
      inputs,
    });

  const then = BigInt(f.membersYearAgo);
  const now = BigInt(f.membersNow);
  add(
    'membership_growth',
    then > 0n || now > 0n,
    then === 0n
      ? 1000n
      : clamp(((now - then) * 10_000_000n) / (then * BigInt(settings.fullGrowthBasisPoints)), 0n, 1000n),
    { members_now: f.membersNow, members_year_ago: f.membersYearAgo },
  );
  add(
    'targeted_enrolled',
    f.targetedHouseholds > 0,
    f.targetedHouseholds > 0 ? (BigInt(f.targetedEnrolled) * 1000n) / BigInt(f.targetedHouseholds) : 0n,
    { targeted_households: f.targetedHouseholds, enrolled_households: f.targetedEnrolled },
  );
  const target = f.savingsTargetPerMember > 0n ? f.savingsTargetPerMember : settings.defaultSavingsTarget;
  add(
    'savings_per_member',
    now > 0n,
    now > 0n ? clamp((f.savingsOfActiveMembers * 1000n) / (now * target), 0n, 1000n) : 0n,
    {
      savings: f.savingsOfActiveMembers,
      active_members: f.membersNow,
      savings_per_member: now > 0n ? f.savingsOfActiveMembers / now : 0n,
      target_per_member: target,
    },
  );
  add(
    'par30',
    f.parOutstanding > 0n,
    f.parOutstanding > 0n
      ? clamp(
          1000n -
            ceilDiv(f.par30Amount * 10_000_000n, f.parOutstanding * BigInt(settings.par30ZeroBasisPoints)),
          0n,
          1000n,
        )
      : 0n,
    { par30_amount: f.par30Amount, outstanding: f.parOutstanding },
  );
  const held =
    f.ratYearDue !== null &&
    f.ratHeldOn !== null &&
    f.ratHeldOn <= ratDeadline(f.ratYearDue, settings.ratDeadline);
  add('rat_on_time', f.ratYearDue !== null, held ? 1000n : 0n, {
    book_year: f.ratYearDue,
    deadline: f.ratYearDue === null ? null : ratDeadline(f.ratYearDue, settings.ratDeadline),
    held_on: f.ratHeldOn,
  });
  add(
    'business_units',
    true,
    clamp((BigInt(f.activeBusinessUnits) * 1000n) / BigInt(settings.fullBusinessUnits), 0n, 1000n),
    { active_units: f.activeBusinessUnits },
  );
  add(
    'followups_closed',
    f.followupsDue > 0,
    f.followupsDue > 0 ? (BigInt(f.followupsClosed) * 1000n) / BigInt(f.followupsDue) : 0n,
    { due: f.followupsDue, closed: f.followupsClosed },
  );

  const applicable = c.filter((x) => x.applicable);
  const weights = applicable.reduce((s, x) => s + BigInt(x.weight), 0n);
  const points = applicable.reduce((s, x) => s + BigInt(x.weight) * BigInt(x.permille), 0n);
  // round half up of points / (10 × weights)
  const score = weights === 0n ? 0n : (2n * points + 10n * weights) / (20n * weights);
  return { as_of: f.asOf, score: Number(score), components: c };
}

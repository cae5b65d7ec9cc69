/**
 * What indicator definitions may count: each subject is one kind of row over the data model (its SQL lives in
 * facts-sql.ts), with the boolean flags a numerator or denominator may filter on, the numeric measures it may
 * sum, the disaggregations it carries and the date that places a row in a period. Definitions name these;
 * they never hold SQL.
 */
export const GRANULARITIES = ['month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const DISAGGREGATIONS = [
  'sex_of_head',
  'decile',
  'program',
  'sex',
  'pilot_arm',
  'pilot_wave',
  'health_band',
] as const;
export type Disaggregation = (typeof DISAGGREGATIONS)[number];

/**
 * Disaggregations that cover only some rows: a row outside every pilot has no arm and no wave, and gets no
 * category (no "none" cell that would repeat the total in every village and period).
 */
export const SPARSE_DISAGGREGATIONS: readonly Disaggregation[] = ['pilot_arm', 'pilot_wave'];

/** Disaggregations naming a household's pilot placement, carried by every subject tied to households. */
const PILOT: Disaggregation[] = ['pilot_arm', 'pilot_wave'];

export interface Subject {
  id: string;
  /** What one row is, in words (docs and `indicators show`). */
  row: string;
  /**
   * 'distinct': a row is a unit (household) that may appear on several rows of a period (one per program or
   * month), and counts once per group. 'rows': every row is one event and counts once.
   */
  counting: 'distinct' | 'rows';
  flags: readonly string[];
  measures: readonly string[];
  disaggregations: readonly Disaggregation[];
  /** What dates the row's period. */
  date: string;
  /**
   * 'stock': a row is a position at a month end (a loan outstanding), so only months may be computed — a quarter
   * would add up three month ends. 'flow' (default): rows are events or states within the period.
   */
  kind?: 'stock' | 'flow';
  /** Rows run to the last month of cooperative positions (facts-sql.ts), which any new posting may extend. */
  toLastCoopMonth?: boolean;
  /** Rows read stored month-end health scores, which the refresh computes first (health-score-refresh.ts). */
  healthScores?: boolean;
}

export const SUBJECTS: Readonly<Record<string, Subject>> = {
  household_snapshots: {
    id: 'household_snapshots',
    row: 'a household in one DTSEN snapshot',
    counting: 'distinct',
    flags: ['extreme_poor', 'decile_1', 'decile_1_4'],
    measures: [],
    disaggregations: ['sex_of_head', 'decile', ...PILOT],
    date: 'the snapshot date',
  },
  recipient_households: {
    id: 'recipient_households',
    row: 'a household (linked) on a bansos list of one program in one month',
    counting: 'distinct',
    flags: ['member', 'decile_known', 'outside_eligible_deciles', 'extreme_poor'],
    measures: [],
    disaggregations: ['program', 'decile', 'sex_of_head', ...PILOT],
    date: 'the first day of the list month',
  },
  eligible_households: {
    id: 'eligible_households',
    row: "a household whose current decile is eligible for a program, at that program's latest list month",
    counting: 'distinct',
    flags: ['enrolled', 'not_enrolled'],
    measures: [],
    disaggregations: ['program', 'decile', 'sex_of_head', ...PILOT],
    date: "the first day of the program's latest list month",
  },
  extreme_poor_households: {
    id: 'extreme_poor_households',
    row: 'an extreme-poor household (current DTSEN flag) in a month for which any bansos list exists',
    counting: 'distinct',
    flags: ['reached'],
    measures: [],
    disaggregations: ['decile', 'sex_of_head', ...PILOT],
    date: 'the first day of the list month',
  },
  program_transitions: {
    id: 'program_transitions',
    row:
      'a household–program pair in a list month: enrolled that month, or enrolled the month before ' +
      'when the program has a list for both months',
    counting: 'rows',
    flags: ['was_enrolled', 'exited', 'enrolled', 'reentered'],
    measures: [],
    disaggregations: ['program', 'decile', 'sex_of_head', ...PILOT],
    date: 'the first day of the list month',
  },
  decile_transitions: {
    id: 'decile_transitions',
    row: "a household's move between two consecutive DTSEN snapshots (decile = the earlier decile)",
    counting: 'distinct',
    flags: ['was_decile_1_4', 'left_decile_1_4', 'was_decile_1_2', 'left_decile_1_2'],
    measures: [],
    disaggregations: ['decile', 'sex_of_head', ...PILOT],
    date: 'the later snapshot date',
  },
  cooperative_members: {
    id: 'cooperative_members',
    row: 'a member on a cooperative register (placed in the cooperative village)',
    counting: 'rows',
    flags: ['active', 'linked', 'kpm', 'pokok_paid'],
    measures: ['savings_paid'],
    disaggregations: ['sex', ...PILOT],
    date: 'the register date (the import batch: its snapshot date, else when it was loaded)',
  },
  loan_positions: {
    id: 'loan_positions',
    row:
      "a member loan with principal outstanding at a month end (placed in the cooperative's village; from the " +
      'disbursement month to the month of the latest posting in any cooperative books; written-off loans left out)',
    counting: 'rows',
    flags: ['par30', 'par90'],
    measures: ['outstanding'],
    disaggregations: ['sex', ...PILOT],
    date: 'the month end',
    kind: 'stock',
    toLastCoopMonth: true,
  },
  cooperative_months: {
    id: 'cooperative_months',
    row:
      'a cooperative in a month, from the month it started (established, else its first member, else when it was ' +
      'recorded) to the latest month with a posting or a mentoring session in any cooperative',
    counting: 'distinct',
    flags: ['mentored'],
    measures: [],
    disaggregations: [],
    date: 'the first day of the month',
    toLastCoopMonth: true,
  },
  cooperative_health: {
    id: 'cooperative_health',
    row:
      "a cooperative's health score (docs/FINANCE.md) at a month end, from its start to the last month of " +
      'cooperative positions; bands 0–19, 20–39, 40–59, 60–79, 80–100',
    counting: 'rows',
    flags: ['scored', 'healthy'],
    measures: ['score'],
    disaggregations: ['health_band'],
    date: 'the month end',
    kind: 'stock',
    toLastCoopMonth: true,
    healthScores: true,
  },
};

export function subjectOf(id: string): Subject | undefined {
  return Object.hasOwn(SUBJECTS, id) ? SUBJECTS[id] : undefined;
}

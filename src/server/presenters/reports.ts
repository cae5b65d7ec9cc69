import { Type, type Static } from 'typebox';
import type { ProgramQuality, RegionQuality, UnmatchedRecipient } from '../../reports/targeting-report.js';
import { Nullable } from '../schemas.js';

/** As `presentProgram` (src/programs/program-presenter.ts) writes it for the CLI and the API alike. */
export const ProgramSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  agency: Type.String(),
  unit: Type.String(),
  eligible_deciles: Type.Array(Type.Integer()),
  monthly_benefit: Nullable(Type.Integer()),
  active: Type.Boolean(),
});

/** As `presentRankedVillage` (src/villages/village-score.ts) writes it for the CLI and the API alike. */
export const RankedVillageSchema = Type.Object({
  rank: Type.Integer({ description: 'position among the villages in your scope' }),
  village_code: Type.String(),
  name: Type.String(),
  score: Type.Number({ description: '0–100, relative to the province (docs/POLICY.md)' }),
  parts: Type.Object({
    poverty: Type.Number(),
    reach_gap: Type.Number(),
    cooperative_gap: Type.Number(),
    readiness: Type.Number(),
  }),
  households: Type.Integer(),
  decile1: Type.Integer(),
  extreme_poor: Type.Integer(),
  recipients: Type.Integer(),
  recipients_not_members: Type.Integer(),
  cooperative: Type.String(),
  readiness: Nullable(Type.Number()),
});

const ErrorRates = {
  inclusion_error: Type.Number({
    description:
      'recipient households outside the eligible deciles (unknown decile counts as outside) / recipient households',
  }),
  exclusion_error: Type.Number({
    description: 'eligible-decile households not receiving the program / eligible-decile households',
  }),
};

const RegionQualitySchema = Type.Object({
  region: Type.String({ description: 'region code one level below the report region ("?" = no village)' }),
  name: Nullable(Type.String()),
  recipient_households: Type.Integer(),
  outside_eligible: Type.Integer(),
  eligible_households: Type.Integer(),
  eligible_reached: Type.Integer(),
  unmatched_recipients: Type.Integer(),
  ...ErrorRates,
});

const ProgramQualitySchema = Type.Object({
  program: Type.String(),
  period: Type.String({ description: 'the latest period of the program' }),
  eligible_deciles: Type.Array(Type.Integer()),
  recipients: Type.Integer(),
  matched_recipients: Type.Integer(),
  unmatched_recipients: Type.Integer(),
  recipient_households: Type.Integer(),
  by_decile: Type.Record(Type.String(), Type.Integer(), {
    description: 'recipients per decile of their household (unknown: no decile or no household)',
  }),
  eligible_households: Type.Integer(),
  eligible_reached: Type.Integer(),
  ...ErrorRates,
  by_region: Type.Array(RegionQualitySchema),
});

export const TargetingReportSchema = Type.Object(
  {
    region: Nullable(Type.String({ description: 'the region reported on; null = national' })),
    group_level: Type.Integer({
      description: '0 = national, 1 province … 4 village: the level of by_region',
    }),
    programs: Type.Array(ProgramQualitySchema),
  },
  { description: 'aggregate report (counts and error rates by region); never rows of people' },
);

/** `GET /reports/targeting`: inclusion and exclusion errors per program and region. */
export function presentTargetingReport(r: {
  region: string | null;
  group_level: number;
  programs: ProgramQuality[];
}): Static<typeof TargetingReportSchema> {
  return { region: r.region, group_level: r.group_level, programs: r.programs.map(presentProgramQuality) };
}

function presentProgramQuality(p: ProgramQuality): Static<typeof ProgramQualitySchema> {
  return {
    program: p.program,
    period: p.period,
    eligible_deciles: p.eligible_deciles,
    recipients: p.recipients,
    matched_recipients: p.matched_recipients,
    unmatched_recipients: p.unmatched_recipients,
    recipient_households: p.recipient_households,
    by_decile: p.by_decile,
    eligible_households: p.eligible_households,
    eligible_reached: p.eligible_reached,
    inclusion_error: p.inclusion_error,
    exclusion_error: p.exclusion_error,
    by_region: p.by_region.map(presentRegionQuality),
  };
}

function presentRegionQuality(r: RegionQuality): Static<typeof RegionQualitySchema> {
  return {
    region: r.region,
    name: r.name,
    recipient_households: r.recipient_households,
    outside_eligible: r.outside_eligible,
    eligible_households: r.eligible_households,
    eligible_reached: r.eligible_reached,
    unmatched_recipients: r.unmatched_recipients,
    inclusion_error: r.inclusion_error,
    exclusion_error: r.exclusion_error,
  };
}

export const UnmatchedRecipientListSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      program: Type.String(),
      period: Type.String(),
      nik_masked: Nullable(Type.String()),
      name: Type.String(),
      village_code: Nullable(Type.String()),
    }),
  ),
});

/** `GET /reports/targeting/unmatched`: names with the NIK masked (the access layer audits the read). */
export function presentUnmatched(list: UnmatchedRecipient[]): Static<typeof UnmatchedRecipientListSchema> {
  return {
    items: list.map((u) => ({
      program: u.program,
      period: u.period,
      nik_masked: u.nik_masked,
      name: u.name,
      village_code: u.village_code,
    })),
  };
}

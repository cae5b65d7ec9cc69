import { encodeCopyRow } from '../db/database.js';
import { provinceCode } from '../regions/region-code.js';
import {
  contextExtras,
  decodeRawPage,
  visitRawPage,
  type ContextLookups,
  type RawPage,
  type SideLookups,
} from './context-repository.js';
import { CooperativeAssigner, type CooperativeMatch } from './cooperative-assignment.js';
import { buildHouseholdContext, type HouseholdData } from './household-context.js';
import type { CompiledPolicy } from './policy-compiler.js';
import { decide, inputsOf, type Engine } from './policy-evaluator.js';
import { SimulationAccumulator, type AccumulatedCounts } from './simulation.js';

/** What evaluating pages needs besides the policy, as plain data a worker thread can receive. */
export interface PageWorkSetup {
  asOf: string;
  lookups: ContextLookups;
  side: SideLookups;
  engine?: Engine;
  /** When decisions are to be stored: the application they belong to. */
  application?: { id: number; effective: string };
}

/** Decisions of one page, encoded for COPY into policy_decisions (DECISION_COLUMNS), and their tallies. */
export interface PageDecisions {
  lines: string;
  households: number;
  byTreatment: Record<string, number>;
  matches: Record<CooperativeMatch, number>;
  /** Targeted households per village (cooperative capacity is counted once, by the caller). */
  targetedByVillage: Array<[string, number]>;
}

/**
 * Evaluates pages of one policy: decode, build contexts, decide, then count (simulate) or encode the
 * decisions (apply). The same work runs in-process or in worker threads (page-workers.ts).
 */
export class PageWork {
  private readonly accumulator: SimulationAccumulator;
  private readonly assigner: CooperativeAssigner;
  private readonly targeted: Set<string>;
  private readonly extras;

  constructor(
    private readonly policy: CompiledPolicy,
    private readonly setup: PageWorkSetup,
  ) {
    this.extras = contextExtras(setup.side, setup.lookups);
    this.accumulator = new SimulationAccumulator(policy);
    const d = policy.definition;
    this.assigner = new CooperativeAssigner(setup.lookups.cooperatives, d.defaultCooperativeCapacity ?? null);
    this.targeted = new Set(d.treatments.filter((t) => t.targeted).map((t) => t.code));
  }

  decode(raw: RawPage): HouseholdData[] {
    return decodeRawPage(raw, this.extras);
  }

  /** Adds a page to the simulation counts, one household at a time (no page of objects is kept). */
  simulate(raw: RawPage): number {
    return visitRawPage(raw, this.extras, this.count);
  }

  private readonly count = (data: HouseholdData) => {
    const h = buildHouseholdContext(data, this.setup.asOf);
    this.accumulator.add(h, decide(this.policy, h, this.setup.engine ?? 'fast'), data.villageIndex);
  };

  counts(): AccumulatedCounts {
    return this.accumulator.counts();
  }

  /** The decisions of a page (apply). */
  decisions(raw: RawPage): PageDecisions {
    return decisionsOf(this.policy, this.decode(raw), this.setup, this.targeted, this.assigner);
  }
}

/** One decision per household with the rule that fired, the inputs it read and the cooperative. */
export function decisionsOf(
  policy: CompiledPolicy,
  page: readonly HouseholdData[],
  setup: Pick<PageWorkSetup, 'asOf' | 'application'>,
  targeted: ReadonlySet<string>,
  assigner: CooperativeAssigner,
): PageDecisions {
  const d = policy.definition;
  const application = setup.application!;
  const byTreatment: Record<string, number> = {};
  const matches = { village: 0, district_nearest: 0, none: 0 };
  const villages = new Map<string, number>();
  let lines = '';
  for (const data of page) {
    const h = buildHouseholdContext(data, setup.asOf);
    const outcome = decide(policy, h);
    const rule = outcome.ruleIndex >= 0 ? policy.rules[outcome.ruleIndex]! : null;
    const treatment = rule ? rule.treatment : d.default;
    const inputs = inputsOf(h, rule ? policy.readsUpTo[outcome.ruleIndex]! : policy.readsAll);
    let coopId: number | null = null;
    let match: CooperativeMatch | null = null;
    if (targeted.has(treatment)) {
      // The choice depends only on the village; capacity is counted from targetedByVillage.
      const a = assigner.villageAssignment(data.villageCode);
      coopId = a.cooperative?.id ?? null;
      match = a.match;
      matches[a.match]++;
      villages.set(data.villageCode, (villages.get(data.villageCode) ?? 0) + 1);
    }
    byTreatment[treatment] = (byTreatment[treatment] ?? 0) + 1;
    lines += encodeCopyRow([
      provinceCode(data.villageCode),
      application.id,
      data.id,
      treatment,
      rule ? rule.index : null,
      rule ? rule.id : null,
      JSON.stringify(inputs),
      outcome.errors ? JSON.stringify(outcome.errors) : null,
      coopId,
      match,
      application.effective,
    ]);
  }
  return { lines, households: page.length, byTreatment, matches, targetedByVillage: [...villages] };
}

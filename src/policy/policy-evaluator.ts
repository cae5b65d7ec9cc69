import type { HouseholdField } from './context-schema.js';
import { toCelValue, toPlain, type CelHousehold } from './household-context.js';
import type { CompiledPolicy } from './policy-compiler.js';
import type { BilingualText } from './policy-types.js';

/** Which rule decided a household (-1 = the policy default) and the rules that failed to evaluate. */
export interface RuleOutcome {
  ruleIndex: number;
  errors: Array<{ rule: string; message: string }> | null;
}

/**
 * First match wins: rules run in file order and the first whose condition is true decides. A rule whose
 * condition cannot be evaluated for this household (e.g. it compares `household.decile` when the decile is
 * unknown) counts as not matching, and the error is kept with the decision.
 */
export type Engine = 'fast' | 'reference';

/** Outcomes without errors are shared (never mutated), so deciding millions of households allocates nothing. */
const CLEAN_OUTCOMES: RuleOutcome[] = [];
const clean = (ruleIndex: number): RuleOutcome =>
  (CLEAN_OUTCOMES[ruleIndex + 1] ??= Object.freeze({ ruleIndex, errors: null }) as RuleOutcome);

export function decide(
  policy: CompiledPolicy,
  household: CelHousehold,
  engine: Engine = 'fast',
): RuleOutcome {
  let celContext: { household: unknown; params: Record<string, unknown> } | undefined;
  let errors: RuleOutcome['errors'] = null;
  const rules = policy.rules;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    try {
      let matched: unknown;
      if (rule.fast && engine === 'fast') matched = rule.fast(household);
      else {
        celContext ??= { household: toCelValue(household), params: policy.params };
        matched = rule.test(celContext);
      }
      if (matched === true) return errors ? { ruleIndex: i, errors } : clean(i);
    } catch (error) {
      (errors ??= []).push({ rule: rule.id, message: (error as Error).message.split('\n')[0] ?? '' });
    }
  }
  return errors ? { ruleIndex: -1, errors } : clean(-1);
}

export interface Decision {
  treatment: string;
  ruleIndex: number | null;
  ruleId: string | null;
  reason: BilingualText;
  /** The household fields the rules up to the deciding one read, with their values (absent fields as null). */
  inputs: Record<string, unknown>;
  errors: Array<{ rule: string; message: string }> | null;
}

export function explainOutcome(
  policy: CompiledPolicy,
  household: CelHousehold,
  outcome: RuleOutcome,
): Decision {
  const rule = outcome.ruleIndex >= 0 ? policy.rules[outcome.ruleIndex] : undefined;
  const fields = rule ? (policy.readsUpTo[outcome.ruleIndex] ?? []) : policy.readsAll;
  return {
    treatment: rule ? rule.treatment : policy.definition.default,
    ruleIndex: rule ? rule.index : null,
    ruleId: rule ? rule.id : null,
    reason: rule ? rule.reason : policy.definition.defaultReason,
    inputs: inputsOf(household, fields),
    errors: outcome.errors,
  };
}

export function evaluateHousehold(
  policy: CompiledPolicy,
  household: CelHousehold,
  engine: Engine = 'fast',
): Decision {
  return explainOutcome(policy, household, decide(policy, household, engine));
}

export function inputsOf(
  household: CelHousehold,
  fields: readonly HouseholdField[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[f] = f in household ? toPlain(household[f]) : null;
  return out;
}

import { compilePolicyText } from '../../policy/policy-file.js';
import {
  reportFromParts,
  simulatePolicyPart,
  type SimulationPart,
} from '../../policy/policy-simulation-service.js';
import type { AccumulatedCounts } from '../../policy/simulation.js';
import type { JobKind } from '../job-kind.js';
import { paramsObject, PROVINCE_CODE, requiredString, stringList } from '../job-params.js';
import { provincesWithData } from '../province-split.js';

export interface PolicySimulateParams {
  /** The policy's YAML text (stored with the job: every worker simulates exactly the same policy). */
  policy_text: string;
  /** Only these provinces (none: every province with data). */
  provinces: string[];
}

/** Counts as JSON (typed arrays become plain lists) and back. */
type StoredCounts = Omit<AccumulatedCounts, 'byRule' | 'cube' | 'byVillage' | 'byProgram'> & {
  byRule: number[];
  cube: number[];
  byVillage: number[];
  byProgram: Array<[string, number[]]>;
};

const toStored = (c: AccumulatedCounts): StoredCounts => ({
  ...c,
  byRule: Array.from(c.byRule),
  cube: Array.from(c.cube),
  byVillage: Array.from(c.byVillage),
  byProgram: c.byProgram.map(([p, row]) => [p, Array.from(row)]),
});

const fromStored = (c: StoredCounts): AccumulatedCounts => ({
  ...c,
  byRule: Int32Array.from(c.byRule),
  cube: Int32Array.from(c.cube),
  byVillage: Int32Array.from(c.byVillage),
  byProgram: c.byProgram.map(([p, row]) => [p, Int32Array.from(row)]),
});

/**
 * A policy simulation split by province: each part counts its province's households (read-only, so rerunning a
 * part changes nothing), and the job's result is the same report as `entas policy simulate` over those provinces.
 */
export const policySimulateJob: JobKind<PolicySimulateParams> = {
  name: 'policy-simulate',

  parse(raw) {
    const o = paramsObject(raw, 'policy-simulate');
    return {
      policy_text: requiredString(o, 'policy_text'),
      provinces: stringList(o, 'provinces', PROVINCE_CODE),
    };
  },

  async plan(database, params) {
    compilePolicyText(params.policy_text, 'policy');
    const provinces = await provincesWithData(database.db, params.provinces);
    return { params, parts: provinces.map((p) => ({ key: p, stage: 0, province_code: p })) };
  },

  async runPart(database, params, part) {
    const { policy } = compilePolicyText(params.policy_text, 'policy');
    let done = 0;
    const result = await simulatePolicyPart(database, policy, {
      region: part.province,
      onProgress: (n) => part.progress((done += n), null),
    });
    return { counts: toStored(result.counts), cooperatives: result.cooperatives };
  },

  combine(params, results) {
    const { policy } = compilePolicyText(params.policy_text, 'policy');
    const parts = results.map((r) => {
      const stored = r.result as { counts: StoredCounts; cooperatives: SimulationPart['cooperatives'] };
      return { counts: fromStored(stored.counts), cooperatives: stored.cooperatives };
    });
    return reportFromParts(policy, parts, null);
  },
};

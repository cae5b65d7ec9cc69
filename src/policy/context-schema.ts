import { Environment } from '@marcbachmann/cel-js';
import type { ParameterValue } from './policy-types.js';

/**
 * The household context rules see, as CEL types. Field names and meanings are fixed (docs/POLICY.md);
 * optional fields are absent (test with `has(...)`) rather than null.
 */
export const MEMBER_FIELDS = {
  age: 'int',
  sex: 'string',
  relation: 'int',
  disability: 'bool',
  occupation: 'string',
  education: 'string',
} as const;

export const VILLAGE_FIELDS = {
  code: 'string',
  kind: 'string',
  main_livelihoods: 'list<string>',
  commodities: 'list<string>',
  has_market: 'bool',
  market_distance_km: 'double',
  road_access: 'string',
  has_electricity: 'bool',
  has_internet: 'bool',
  bumdes_count: 'int',
  bumdes_active: 'bool',
  cooperative_readiness: 'int',
} as const;

export const COOPERATIVE_FIELDS = {
  id: 'int',
  registration_no: 'string',
  name: 'string',
  status: 'string',
  member_capacity: 'int',
  members: 'int',
} as const;

export const HOUSEHOLD_FIELDS = {
  id: 'int',
  decile: 'int',
  pmt_score: 'double',
  extreme_poor: 'bool',
  size: 'int',
  village_code: 'string',
  province_code: 'string',
  regency_code: 'string',
  district_code: 'string',
  is_urban: 'bool',
  members: 'list<Member>',
  head: 'Member',
  productive_members: 'int',
  elderly_members: 'int',
  children: 'int',
  disabled_members: 'int',
  programs: 'list<string>',
  is_coop_member: 'bool',
  cooperative: 'Cooperative',
  village: 'Village',
} as const;

export type HouseholdField = keyof typeof HOUSEHOLD_FIELDS;

/** Typed values for the reference CEL evaluator (it checks list items by constructor). */
export class CelMember {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}
export class CelVillage {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}
export class CelCooperative {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}
export class CelHouseholdValue {
  constructor(values: Record<string, unknown>) {
    Object.assign(this, values);
  }
}

/** The CEL type of a parameter value; lists must be of one kind. */
export function parameterType(value: ParameterValue): string {
  if (Array.isArray(value))
    return value.length > 0 && typeof value[0] === 'string' ? 'list<string>' : 'list<int>';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  return Number.isInteger(value) ? 'int' : 'double';
}

/** CEL value of a parameter: whole numbers become int (bigint), others keep their JavaScript type. */
export function parameterValue(value: ParameterValue): unknown {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? BigInt(v) : v));
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return value;
}

/** A type-checking CEL environment with `household` and the policy's `params` declared. */
export function createPolicyEnvironment(parameters: Record<string, ParameterValue>): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: true });
  env.registerType('Member', { ctor: CelMember, fields: { ...MEMBER_FIELDS } });
  env.registerType('Village', { ctor: CelVillage, fields: { ...VILLAGE_FIELDS } });
  env.registerType('Cooperative', { ctor: CelCooperative, fields: { ...COOPERATIVE_FIELDS } });
  env.registerType('Household', { ctor: CelHouseholdValue, fields: { ...HOUSEHOLD_FIELDS } });
  env.registerVariable('household', 'Household');
  const paramFields: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) paramFields[name] = parameterType(value);
  env.registerType('Parameters', { fields: paramFields });
  env.registerVariable('params', 'Parameters');
  return env;
}

/** A policy file after parsing and checking: what the engine evaluates. Pure data, no I/O. */

/** Text a person reads, in Indonesian (id) and English (en). Both are required. */
export interface BilingualText {
  id: string;
  en: string;
}

/** Where a value sits in the policy file (1-based line and column). */
export interface SourcePosition {
  line: number;
  col: number;
}

export interface Treatment {
  code: string;
  label: BilingualText;
  /** Rupiah per household per month while the treatment lasts (0 when not given). */
  monthlyCost: number;
  /** Rupiah once per household (e.g. business capital), counted in the first year (0 when not given). */
  oneOffCost: number;
  /** Whether households with this treatment count as reached (targeted) in the quality measures. */
  targeted: boolean;
}

export interface Rule {
  /** Stable name for explanations; defaults to `rule-<n>` (1-based order). */
  id: string;
  treatment: string;
  when: string;
  reason: BilingualText;
  position: SourcePosition;
  whenPosition: SourcePosition;
}

export type ParameterValue = number | string | boolean | number[] | string[];

export interface PolicyDefinition {
  id: string;
  version: number;
  /** ISO date: ages are whole years completed at this date. */
  asOf: string;
  title?: BilingualText;
  treatments: Treatment[];
  rules: Rule[];
  default: string;
  defaultReason: BilingualText;
  parameters: Record<string, ParameterValue>;
  /** Deciles the program means to reach: the base for exclusion and inclusion errors. */
  eligibleDeciles: number[];
  /** Households a cooperative can take before a capacity warning, when the cooperative row has none. */
  defaultCooperativeCapacity?: number;
}

export type DiagnosticSeverity = 'error' | 'warning';

/** A problem found in a policy file, located to line and column. */
export interface PolicyDiagnostic {
  severity: DiagnosticSeverity;
  code: string;
  message: string;
  /** Dotted path of the value in the file, e.g. rules[2].when. */
  path: string;
  line: number;
  col: number;
}

export function formatDiagnostic(file: string, d: PolicyDiagnostic): string {
  return `${file}:${d.line}:${d.col}: ${d.severity} ${d.code}: ${d.message} (${d.path})`;
}

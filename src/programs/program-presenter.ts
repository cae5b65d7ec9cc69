import type { Program } from './program-repository.js';

/** The JSON shape of a program, shared by `entas programs list --json` and GET /api/v1/programs. */
export function presentProgram(p: Program) {
  return {
    code: p.code,
    name: p.name,
    agency: p.agency,
    unit: p.unit,
    eligible_deciles: p.eligibleDeciles,
    monthly_benefit: p.monthlyBenefit,
    active: p.active,
  };
}

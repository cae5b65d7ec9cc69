import { applyPolicy, type ApplyResult } from '../policy/policy-apply-service.js';
import { compilePolicy, type CompiledPolicy } from '../policy/policy-compiler.js';
import { simulatePolicy, type SimulationReport } from '../policy/policy-simulation-service.js';
import { explainHousehold, type ExplainedDecision } from '../policy/explain-service.js';
import { listStoredPolicies, storedPolicyText, type StoredPolicyVersion } from '../policy/policy-store.js';
import type { PolicyDiagnostic } from '../policy/policy-types.js';
import { requireRegionCodeShape } from '../regions/region-repository.js';
import { NotFoundError, UserError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';
import { effectiveRegions, regionInScope } from './region-scope.js';

export interface PolicyValidation {
  valid: boolean;
  policy: { id: string; version: number; rules: number } | null;
  diagnostics: PolicyDiagnostic[];
}

/**
 * Targeting policies. Validation reads no data. Simulation and application run over one region the user's scope
 * covers (national users may omit it); results are aggregates, never rows of people.
 */
export class PolicyAccess {
  constructor(private readonly ctx: AccessContext) {}

  /** Stored policy versions (policy metadata, no personal data; the texts stay in the database). */
  list(): Promise<StoredPolicyVersion[]> {
    this.ctx.require('policies:read');
    return listStoredPolicies(this.ctx.db);
  }

  /** The text of one stored version (policy rules, no personal data), for the editor and comparisons. */
  async version(
    policyId: string,
    version: number,
  ): Promise<{ policy_id: string; version: number; as_of: string; content: string }> {
    this.ctx.require('policies:read');
    const row = await storedPolicyText(this.ctx.db, policyId, version);
    if (!row) throw new NotFoundError(`policy ${policyId} version ${version} not found`);
    return row;
  }

  validate(text: string): PolicyValidation {
    this.ctx.require('policies:read');
    const { policy, diagnostics } = compilePolicy(text);
    const valid = policy !== null && !diagnostics.some((d) => d.severity === 'error');
    return {
      valid,
      policy: policy
        ? { id: policy.definition.id, version: policy.definition.version, rules: policy.rules.length }
        : null,
      diagnostics,
    };
  }

  async simulate(
    text: string,
    options: { region?: string | undefined; against?: string | undefined },
  ): Promise<SimulationReport> {
    this.ctx.require('policies:read');
    const region = this.region(options.region);
    const policy = this.compile(text, 'text');
    const other = options.against === undefined ? null : this.compile(options.against, 'against');
    return simulatePolicy(this.ctx.database, policy, other, region === undefined ? {} : { region });
  }

  async apply(
    text: string,
    options: { effective: string; region?: string | undefined },
  ): Promise<ApplyResult> {
    this.ctx.require('policies:write');
    const region = this.region(options.region);
    const policy = this.compile(text, 'text');
    return applyPolicy(this.ctx.database, policy, text, {
      effective: options.effective,
      actor: this.ctx.auditActor,
      ...(region === undefined ? {} : { region }),
    });
  }

  /** The decisions taken for one visible household, explained (404 when absent or out of scope). */
  async decisions(householdId: number): Promise<ExplainedDecision[]> {
    this.ctx.require('households:read');
    const regions = effectiveRegions(this.ctx.principal.scope, undefined);
    const household = await this.ctx.db
      .selectFrom('households')
      .select('village_code')
      .where('id', '=', householdId)
      .executeTakeFirst();
    if (
      !household ||
      (regions !== null && !regionInScope(household.village_code, this.ctx.principal.scope))
    ) {
      throw new NotFoundError(`household ${householdId} not found`);
    }
    await this.ctx.audit({
      action: 'household.decisions.read',
      subjectType: 'household',
      subjectId: householdId,
      regionCode: household.village_code,
    });
    return explainHousehold(this.ctx.db, householdId);
  }

  private region(input: string | undefined): string | undefined {
    const scope = this.ctx.principal.scope;
    if (input === undefined) {
      if (scope.kind === 'national') return undefined;
      if (scope.kind === 'regions' && scope.codes.length === 1) return scope.codes[0];
      throw new ForbiddenError('region-scoped users must name one region of their scope');
    }
    const code = requireRegionCodeShape(input);
    if (!regionInScope(code, scope)) throw new NotFoundError(`region ${input} not found`);
    return code;
  }

  private compile(text: string, field: string): CompiledPolicy {
    const { policy, diagnostics } = compilePolicy(text);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (!policy || errors.length > 0) {
      const first = errors[0];
      throw new UserError(
        `${field}: policy invalid${first ? ` at line ${first.line}: ${first.message}` : ''}`,
        'invalid_policy',
        errors,
      );
    }
    return policy;
  }
}

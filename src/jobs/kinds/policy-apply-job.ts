import type { AuditActor } from '../../audit/access-audit.js';
import { applyPolicy, storePolicy, type ApplyResult } from '../../policy/policy-apply-service.js';
import { compilePolicyText } from '../../policy/policy-file.js';
import { isCivilDate } from '../../shared/civil-date.js';
import { say, UserError } from '../../shared/errors.js';
import type { JobKind } from '../job-kind.js';
import { paramsObject, PROVINCE_CODE, requiredString, stringList } from '../job-params.js';
import { provincesWithData } from '../province-split.js';

export interface PolicyApplyParams {
  /** The policy's YAML text, stored with the job (and as a policy version when planned). */
  policy_text: string;
  effective: string;
  /** Only these provinces (none: every province with data). */
  provinces: string[];
  /** Who submitted it: each province's application and audit entry name them. */
  actor: string | null;
  actor_role: string | null;
}

/** A part's checkpoint: its application's result, saved in the transaction that stored the decisions. */
interface Checkpoint {
  result: ApplyResult;
}

export interface PolicyApplyJobResult {
  applications: number[];
  households: number;
  by_treatment: Record<string, number>;
  superseded: number;
  cooperatives: { village: number; district_nearest: number; none: number; capacity_warnings: number };
}

const jobActor = (p: PolicyApplyParams): AuditActor => ({
  username: p.actor ?? 'job',
  role: p.actor_role ?? 'local_operator',
  origin: 'job',
  purpose: null,
  identifiersRevealed: false,
});

/**
 * `policy apply` split by province: each part is one application of the policy to one province (one
 * transaction: its decisions, the superseding of earlier ones, the audit entry and the part's checkpoint commit
 * together). A part that committed and then lost its worker finds its checkpoint and does not apply again, so
 * rerunning a finished part changes nothing. Villages take cooperatives of their own district, so the
 * provinces' decisions equal one application over them all.
 */
export const policyApplyJob: JobKind<PolicyApplyParams> = {
  name: 'policy-apply',

  parse(raw) {
    const o = paramsObject(raw, 'policy-apply');
    const effective = requiredString(o, 'effective');
    if (!isCivilDate(effective))
      throw new UserError(
        say(
          `parameter effective: "${effective}" is not a date (YYYY-MM-DD)`,
          `parameter effective: "${effective}" bukan tanggal (YYYY-MM-DD)`,
        ),
        'invalid_job_params',
      );
    return {
      policy_text: requiredString(o, 'policy_text'),
      effective,
      provinces: stringList(o, 'provinces', PROVINCE_CODE),
      actor: typeof o.actor === 'string' ? o.actor : null,
      actor_role: typeof o.actor_role === 'string' ? o.actor_role : null,
    };
  },

  async plan(database, params) {
    const { policy } = compilePolicyText(params.policy_text, 'policy');
    await storePolicy(database, policy, params.policy_text, jobActor(params).username);
    const provinces = await provincesWithData(database.db, params.provinces);
    return { params, parts: provinces.map((p) => ({ key: p, stage: 0, province_code: p })) };
  },

  async runPart(database, params, part) {
    const saved = part.checkpoint as Checkpoint | null;
    if (saved) return saved.result;
    const { policy } = compilePolicyText(params.policy_text, 'policy');
    let done = 0;
    return applyPolicy(database, policy, params.policy_text, {
      effective: params.effective,
      region: part.province,
      actor: jobActor(params),
      onProgress: (n) => part.progress((done += n), null),
      beforeCommit: (tx, result) =>
        part.save(tx, { result } satisfies Checkpoint, result.households, result.households),
    });
  },

  combine(_params, results): PolicyApplyJobResult {
    const out: PolicyApplyJobResult = {
      applications: [],
      households: 0,
      by_treatment: {},
      superseded: 0,
      cooperatives: { village: 0, district_nearest: 0, none: 0, capacity_warnings: 0 },
    };
    for (const { result } of results) {
      const r = result as ApplyResult;
      out.applications.push(r.application_id);
      out.households += r.households;
      out.superseded += r.superseded;
      for (const [t, n] of Object.entries(r.by_treatment))
        out.by_treatment[t] = (out.by_treatment[t] ?? 0) + n;
      out.cooperatives.village += r.cooperatives.village;
      out.cooperatives.district_nearest += r.cooperatives.district_nearest;
      out.cooperatives.none += r.cooperatives.none;
      out.cooperatives.capacity_warnings += r.cooperatives.capacity_warnings.length;
    }
    return out;
  },
};

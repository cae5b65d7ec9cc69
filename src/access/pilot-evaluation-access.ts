import type { PilotMethod, PilotOutcome } from '../evaluation/pilot-impact.js';
import {
  DEFAULT_REPORT_OUTCOMES,
  evaluatePilotOutcomes,
  type OutcomeEvaluation,
} from '../pilots/evaluation/pilot-evaluation-service.js';
import { loadIndicatorSets } from '../indicators/definition-files.js';
import type { IndicatorSet } from '../indicators/definition.js';
import {
  loadPilotMonitoring,
  type PilotMonitoring,
} from '../pilots/evaluation/pilot-monitoring-repository.js';
import { isWithinRegion } from '../regions/region-code.js';
import { NotFoundError, say } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';
import { regionInScope } from './region-scope.js';

export interface PilotEvaluationRequest {
  outcomes?: readonly PilotOutcome[] | undefined;
  method?: PilotMethod | undefined;
  baseline?: string | undefined;
  followup?: string | undefined;
  seed?: string | undefined;
  /** The report file asked for (audit detail), when the evaluation is rendered as one. */
  report?: 'pdf' | 'xlsx' | undefined;
}

export interface ScopedPilotEvaluation {
  pilot: { id: number; name: string; region_code: string; design: string };
  evaluations: OutcomeEvaluation[];
}

/**
 * Impact estimates of a pilot (`entas evaluate pilot` through the scope). An estimate pools every cluster of the
 * pilot, so it needs pilots:read and a scope that contains the pilot's whole region: a regency officer who sees a
 * province's pilot gets 403 (the estimate would show the other regencies' data), a user who does not see the
 * pilot at all gets 404, as for an absent one. Each evaluation is audited (aggregates, no personal data).
 */
/** The built-in indicator definitions, read once. */
let builtIn: IndicatorSet[] | undefined;

export class PilotEvaluationAccess {
  constructor(private readonly ctx: AccessContext) {}

  async pilotInScope(id: number): Promise<ScopedPilotEvaluation['pilot']> {
    this.ctx.require('pilots:read');
    const pilot = await this.ctx.db
      .selectFrom('pilots')
      .select(['id', 'name', 'region_code', 'design'])
      .where('id', '=', id)
      .executeTakeFirst();
    const scope = this.ctx.principal.scope;
    const visible =
      pilot !== undefined &&
      (scope.kind === 'national' ||
        (scope.kind === 'regions' &&
          scope.codes.some(
            (c) => isWithinRegion(pilot.region_code, c) || isWithinRegion(c, pilot.region_code),
          )));
    if (!pilot || !visible)
      throw new NotFoundError(say(`pilot ${id} not found`, `uji coba ${id} tidak ditemukan`));
    if (!regionInScope(pilot.region_code, scope))
      throw new ForbiddenError(
        say(
          `the evaluation of pilot ${id} pools all of ${pilot.region_code}, beyond your regions`,
          `evaluasi uji coba ${id} menggabungkan seluruh ${pilot.region_code}, di luar wilayah Anda`,
        ),
      );
    return { id: pilot.id, name: pilot.name, region_code: pilot.region_code, design: pilot.design };
  }

  async evaluate(id: number, request: PilotEvaluationRequest): Promise<ScopedPilotEvaluation> {
    const pilot = await this.pilotInScope(id);
    const outcomes = request.outcomes ?? DEFAULT_REPORT_OUTCOMES;
    const evaluations = await evaluatePilotOutcomes(this.ctx.database, id, outcomes, {
      method: request.method,
      baseline: request.baseline,
      followup: request.followup,
      seed: request.seed,
    });
    await this.ctx.audit({
      action: 'pilot.evaluation',
      subjectType: 'pilot',
      subjectId: id,
      regionCode: pilot.region_code,
      details: { outcomes: [...outcomes], method: request.method ?? null, report: request.report ?? null },
    });
    return { pilot, evaluations };
  }

  /**
   * The enrolment funnel and the stored indicators by arm over the months, for the report: aggregates of the same
   * pilot and scope as `evaluate` (called beside it, which audits the report).
   */
  async monitoring(id: number): Promise<PilotMonitoring> {
    const pilot = await this.pilotInScope(id);
    return loadPilotMonitoring(this.ctx.db, pilot, (builtIn ??= loadIndicatorSets()));
  }
}

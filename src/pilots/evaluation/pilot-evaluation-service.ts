/**
 * `entas evaluate pilot`: a stored pilot's impact on an outcome between a baseline and a follow-up DTSEN
 * snapshot (docs/EVALUATION.md#pilot-evaluation). Reads the population and observations, then runs the pure
 * estimator of src/evaluation/pilot-impact.ts.
 */
import type { Tx } from '../../db/database.js';
import {
  estimatePilotImpact,
  type PilotDesignKind,
  type PilotImpact,
  type PilotMethod,
  type PilotOutcome,
} from '../../evaluation/pilot-impact.js';
import { say, UserError } from '../../shared/errors.js';
import { loadPilotObservations, loadPilotPopulation } from './pilot-data-repository.js';

type Reader = Pick<Tx, 'db'>;

export interface EvaluatePilotOptions {
  outcome: PilotOutcome;
  method?: PilotMethod | undefined;
  /** Snapshot date of the baseline; default the newest on or before the first wave's start. */
  baseline?: string | undefined;
  /** Snapshot date of the follow-up; default the newest after the baseline. */
  followup?: string | undefined;
  seed?: string | undefined;
  bootstrapDraws?: number | undefined;
  riDraws?: number | undefined;
}

export interface PilotEvaluation extends PilotImpact {
  pilot: { id: number; name: string; region_code: string };
  snapshot_dates: { date: string; households: number }[];
}

export async function evaluatePilot(
  tx: Reader,
  pilotId: number,
  options: EvaluatePilotOptions,
): Promise<PilotEvaluation> {
  const population = await loadPilotPopulation(tx, pilotId);
  const dates = population.dates.map((d) => d.date);
  const firstWave = population.waves[0]?.starts_on ?? null;
  const known = (date: string, option: string) => {
    if (!dates.includes(date))
      throw new UserError(
        say(
          `${option} ${date}: no DTSEN snapshot of the pilot's households on that date (dates: ${dates.join(', ') || 'none'})`,
          `${option} ${date}: tidak ada snapshot DTSEN rumah tangga uji coba pada tanggal itu (tanggal: ${dates.join(', ') || 'tidak ada'})`,
        ),
        'no_snapshot',
      );
    return date;
  };
  const baseline =
    options.baseline !== undefined
      ? known(options.baseline, '--baseline')
      : [...dates].reverse().find((d) => firstWave === null || d <= firstWave);
  if (baseline === undefined)
    throw new UserError(
      say(
        `no DTSEN snapshot on or before the first wave (${firstWave}): give --baseline`,
        `tidak ada snapshot DTSEN pada atau sebelum gelombang pertama (${firstWave}): berikan --baseline`,
      ),
      'no_snapshot',
    );
  const followup =
    options.followup !== undefined ? known(options.followup, '--followup') : dates[dates.length - 1];
  if (followup === undefined || followup <= baseline)
    throw new UserError(
      say(
        `no follow-up DTSEN snapshot after the baseline ${baseline} (dates: ${dates.join(', ')})`,
        `tidak ada snapshot DTSEN tindak lanjut sesudah baseline ${baseline} (tanggal: ${dates.join(', ')})`,
      ),
      'no_snapshot',
    );
  const method = options.method;
  const used =
    method === 'staggered' || (method === undefined && population.pilot.design === 'stepped_wedge')
      ? dates.filter((d) => d <= followup)
      : [baseline, followup];
  const observations = await loadPilotObservations(
    tx,
    population.households.map((h) => h.household),
    used,
  );
  const impact = estimatePilotImpact(
    {
      design: population.pilot.design as PilotDesignKind,
      households: population.households,
      observations,
      baseline,
      followup,
    },
    {
      outcome: options.outcome,
      method,
      seed: options.seed,
      bootstrapDraws: options.bootstrapDraws,
      riDraws: options.riDraws,
    },
  );
  return {
    pilot: {
      id: population.pilot.id,
      name: population.pilot.name,
      region_code: population.pilot.region_code,
    },
    snapshot_dates: population.dates,
    ...impact,
  };
}

/** Outcomes a pilot's evaluation shows by default (API, report). */
export const DEFAULT_REPORT_OUTCOMES: readonly PilotOutcome[] = [
  'welfare_z',
  'welfare_index',
  'decile_1_2',
  'member',
];

/** One outcome's estimate, or why it cannot be estimated from the stored data (yet). */
export interface OutcomeEvaluation {
  outcome: PilotOutcome;
  result: PilotEvaluation | null;
  problem: { code: string; message: string; message_id: string | null } | null;
}

/**
 * Several outcomes of one pilot; an outcome the data do not allow (no follow-up snapshot yet, one arm, too few
 * controls…) gets its problem instead of failing the whole evaluation. A pilot that does not exist still throws.
 */
export async function evaluatePilotOutcomes(
  tx: Reader,
  pilotId: number,
  outcomes: readonly PilotOutcome[],
  options: Omit<EvaluatePilotOptions, 'outcome'>,
): Promise<OutcomeEvaluation[]> {
  const out: OutcomeEvaluation[] = [];
  for (const outcome of outcomes) {
    try {
      out.push({ outcome, result: await evaluatePilot(tx, pilotId, { ...options, outcome }), problem: null });
    } catch (error) {
      if (!(error instanceof UserError) || error.code === 'not_found') throw error;
      out.push({
        outcome,
        result: null,
        problem: { code: error.code, message: error.message, message_id: error.messageId ?? null },
      });
    }
  }
  return out;
}

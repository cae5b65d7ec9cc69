import type { Command } from 'commander';
import {
  PILOT_METHODS,
  PILOT_OUTCOMES,
  type PilotMethod,
  type PilotOutcome,
} from '../../evaluation/pilot-impact.js';
import { evaluatePilot, type PilotEvaluation } from '../../pilots/evaluation/pilot-evaluation-service.js';
import { say, UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { t } from '../lang.js';
import { choice, wholeNumber } from './evaluate-did.js';

interface PilotOptions {
  outcome: string;
  method?: string;
  baseline?: string;
  followup?: string;
  seed: string;
  bootstrapDraws: string;
  riDraws: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerPilotEvaluationCommand(evaluate: Command): void {
  withJson(
    evaluate
      .command('pilot <id>')
      .requiredOption('--outcome <name>', `outcome: ${PILOT_OUTCOMES.join(', ')}`)
      .option(
        '--method <method>',
        `${PILOT_METHODS.join(', ')} (default by design: randomized → itt, non_randomized → did, stepped_wedge → staggered)`,
      )
      .option(
        '--baseline <date>',
        'baseline DTSEN snapshot date (default: the newest on or before the first wave)',
      )
      .option('--followup <date>', 'follow-up DTSEN snapshot date (default: the newest after the baseline)')
      .option('--seed <seed>', 'seed of the wild bootstrap and randomisation inference', '1')
      .option('--bootstrap-draws <n>', 'wild cluster bootstrap draws when clusters < 40', '9999')
      .option('--ri-draws <n>', 'randomisation-inference draws when clusters < 40', '999')
      .description(
        'impact of a stored pilot from DTSEN snapshots: ITT with strata fixed effects and baseline outcome (CR1 by cluster), DiD, or Callaway–Sant’Anna; wild bootstrap and randomisation inference with < 40 clusters',
      ),
  ).action(
    action(async (ctx, id: string, options: PilotOptions) => {
      const pilotId = wholeNumber(id, 'pilot id', 1);
      for (const [name, value] of [
        ['--baseline', options.baseline],
        ['--followup', options.followup],
      ] as const)
        if (value !== undefined && !DATE.test(value))
          throw new UserError(
            say(
              `${name} "${value}" is not a date (YYYY-MM-DD)`,
              `${name} "${value}" bukan tanggal (YYYY-MM-DD)`,
            ),
            'bad_option',
          );
      const database = await ctx.database();
      const result = await evaluatePilot(database, pilotId, {
        outcome: choice(options.outcome, '--outcome', PILOT_OUTCOMES as PilotOutcome[]),
        method:
          options.method === undefined
            ? undefined
            : choice(options.method, '--method', PILOT_METHODS as PilotMethod[]),
        baseline: options.baseline,
        followup: options.followup,
        seed: options.seed,
        bootstrapDraws: wholeNumber(options.bootstrapDraws, '--bootstrap-draws', 99),
        riDraws: wholeNumber(options.riDraws, '--ri-draws', 99),
      });
      return { json: result, text: describePilotEvaluation(result) };
    }),
  );
}

const f = (v: number | null, d = 4) => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(d));

export function describePilotEvaluation(r: PilotEvaluation): string {
  const e = r.effect;
  const lines = [
    t(
      say(
        `pilot #${r.pilot.id} "${r.pilot.name}" (${r.design}): ${r.outcome}, ${r.method}, baseline ${r.baseline}, follow-up ${r.followup}`,
        `uji coba #${r.pilot.id} "${r.pilot.name}" (${r.design}): ${r.outcome}, ${r.method}, baseline ${r.baseline}, tindak lanjut ${r.followup}`,
      ),
    ),
    t(
      say(
        `households: ${r.households.treated} treated, ${r.households.control} control; lost to follow-up ${r.attrition.treated} / ${r.attrition.control}; n = ${r.n}, ${r.clusters} clusters, ${r.strata} strata`,
        `rumah tangga: ${r.households.treated} perlakuan, ${r.households.control} kontrol; hilang ${r.attrition.treated} / ${r.attrition.control}; n = ${r.n}, ${r.clusters} klaster, ${r.strata} strata`,
      ),
    ),
    r.formula ? `${r.formula}  (${e.se_type})` : e.se_type,
    t(
      say(
        `effect ${f(e.estimate)}  se ${f(e.se)}  p ${f(e.p)}  95% CI [${f(e.ci_low)}, ${f(e.ci_high)}]`,
        `efek ${f(e.estimate)}  galat baku ${f(e.se)}  p ${f(e.p)}  IK 95% [${f(e.ci_low)}, ${f(e.ci_high)}]`,
      ),
    ),
    t(
      say(
        `means: treated ${f(r.means.treated_baseline)} → ${f(r.means.treated_followup)}, control ${f(r.means.control_baseline)} → ${f(r.means.control_followup)}`,
        `rata-rata: perlakuan ${f(r.means.treated_baseline)} → ${f(r.means.treated_followup)}, kontrol ${f(r.means.control_baseline)} → ${f(r.means.control_followup)}`,
      ),
    ),
  ];
  if (r.wild_bootstrap)
    lines.push(
      t(
        say(
          `wild cluster bootstrap p ${f(r.wild_bootstrap.p)} (${r.wild_bootstrap.draws} ${r.wild_bootstrap.weights} draws)`,
          `bootstrap klaster liar p ${f(r.wild_bootstrap.p)} (${r.wild_bootstrap.draws} tarikan ${r.wild_bootstrap.weights})`,
        ),
      ),
    );
  if (r.randomization_inference)
    lines.push(
      t(
        say(
          `randomisation inference p ${f(r.randomization_inference.p)} (${r.randomization_inference.draws} draws)`,
          `inferensi pengacakan p ${f(r.randomization_inference.p)} (${r.randomization_inference.draws} tarikan)`,
        ),
      ),
    );
  for (const n of r.notes) lines.push(`! ${t(say(n.en, n.id))}`);
  return lines.join('\n');
}

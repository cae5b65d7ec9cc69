import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  PILOT_METHODS,
  PILOT_OUTCOMES,
  type PilotMethod,
  type PilotOutcome,
} from '../../evaluation/pilot-impact.js';
import { loadPilotPopulation } from '../../pilots/evaluation/pilot-data-repository.js';
import {
  renderPilotReportPdf,
  renderPilotReportXlsx,
  type ReportLanguage,
} from '../../pilots/evaluation/evaluation-report.js';
import {
  DEFAULT_REPORT_OUTCOMES,
  evaluatePilotOutcomes,
} from '../../pilots/evaluation/pilot-evaluation-service.js';
import { loadPilotMonitoring } from '../../pilots/evaluation/pilot-monitoring-repository.js';
import { loadIndicatorSets } from '../../indicators/definition-files.js';
import { say, UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { lang } from '../lang.js';
import { choice, wholeNumber } from './evaluate-did.js';

interface ReportPilotOptions {
  format?: string;
  out: string;
  outcome?: string;
  method?: string;
  seed: string;
}

const FORMATS = ['pdf', 'xlsx'] as const;

/** `entas report pilot ID --format pdf|xlsx --out FILE`: the pilot's evaluation report (docs/EVALUATION.md). */
export function registerPilotReportCommand(program: Command): void {
  const report =
    program.commands.find((c) => c.name() === 'report') ?? program.command('report').description('reports');
  withJson(
    report
      .command('pilot <id>')
      .requiredOption('--out <file>', 'the report file to write')
      .option('--format <format>', 'pdf or xlsx (default: from the --out extension)')
      .option(
        '--outcome <names>',
        `comma-separated outcomes (${PILOT_OUTCOMES.join(', ')}); default ${DEFAULT_REPORT_OUTCOMES.join(', ')}`,
      )
      .option('--method <method>', `${PILOT_METHODS.join(', ')} (default by design)`)
      .option('--seed <seed>', 'seed of the wild bootstrap and randomisation inference', '1')
      .description(
        "a pilot's monitoring and evaluation report: impact estimates with 95% intervals (table and chart), means by arm, attrition, the enrolment funnel per wave, stored indicators by arm over the months, and data-quality notes, as PDF or XLSX (Bahasa Indonesia with English; --lang en: English first)",
      ),
  ).action(
    action(async (ctx, id: string, options: ReportPilotOptions) => {
      const pilotId = wholeNumber(id, 'pilot id', 1);
      const extension = path.extname(options.out).slice(1).toLowerCase();
      const format = choice(
        options.format ?? extension,
        options.format === undefined ? '--out extension' : '--format',
        FORMATS,
      );
      if (options.format !== undefined && extension !== format)
        throw new UserError(
          say(
            `--out ${options.out}: a ${format} report needs a .${format} file name`,
            `--out ${options.out}: laporan ${format} memerlukan nama berkas .${format}`,
          ),
          'bad_option',
        );
      const outcomes =
        options.outcome === undefined
          ? DEFAULT_REPORT_OUTCOMES
          : options.outcome
              .split(',')
              .map((o) => choice(o.trim(), '--outcome', PILOT_OUTCOMES as PilotOutcome[]));
      // Bahasa Indonesia with English beside it; the global --lang en puts English first.
      const reportLang: ReportLanguage = lang();
      const database = await ctx.database();
      const population = await loadPilotPopulation(database, pilotId);
      const evaluations = await evaluatePilotOutcomes(database, pilotId, outcomes, {
        method:
          options.method === undefined
            ? undefined
            : choice(options.method, '--method', PILOT_METHODS as PilotMethod[]),
        seed: options.seed,
      });
      const input = {
        pilot: {
          id: population.pilot.id,
          name: population.pilot.name,
          region_code: population.pilot.region_code,
          design: population.pilot.design,
        },
        evaluations,
        monitoring: await loadPilotMonitoring(database.db, population.pilot, loadIndicatorSets()),
      };
      const render = format === 'pdf' ? renderPilotReportPdf : renderPilotReportXlsx;
      const file = await render(input, { lang: reportLang, generatedAt: new Date() });
      await fs.promises.writeFile(options.out, file);
      const summary = {
        file: options.out,
        format,
        bytes: file.length,
        outcomes: evaluations.map((e) => ({
          outcome: e.outcome,
          estimate: e.result?.effect.estimate ?? null,
          ci_low: e.result?.effect.ci_low ?? null,
          ci_high: e.result?.effect.ci_high ?? null,
          problem: e.problem?.code ?? null,
        })),
      };
      return {
        json: summary,
        text: [
          `${options.out} (${format}, ${file.length} bytes)`,
          ...summary.outcomes.map((o) =>
            o.problem
              ? `${o.outcome}: ${o.problem}`
              : `${o.outcome}: ${o.estimate?.toFixed(4)} [${o.ci_low?.toFixed(4)}, ${o.ci_high?.toFixed(4)}]`,
          ),
        ].join('\n'),
      };
    }),
  );
}

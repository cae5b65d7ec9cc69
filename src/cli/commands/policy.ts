import type { Command } from 'commander';
import { applyPolicy } from '../../policy/policy-apply-service.js';
import { compilePolicy } from '../../policy/policy-compiler.js';
import { loadPolicyFile, readPolicyText } from '../../policy/policy-file.js';
import { isIsoDate } from '../../policy/policy-reader.js';
import { simulatePolicy, type SimulationReport } from '../../policy/policy-simulation-service.js';
import { formatDiagnostic } from '../../policy/policy-types.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { UserError, say } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';
import { createProgress } from '../progress.js';

export function regionOption(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const parsed = parseRegionCode(code);
  if (!parsed)
    throw new UserError(`invalid --region "${code}": give a Kemendagri code such as 53 or 53.01.05`);
  return parsed.code;
}

const rupiah = (n: number) => `Rp${n.toLocaleString('id')}`;

function simulationText(r: SimulationReport): string {
  const lines = [
    `policy ${r.policy.id} v${r.policy.version} (ages at ${r.policy.as_of})${r.region ? ` in ${r.region}` : ''}: ${r.households} households`,
    ...Object.entries(r.by_treatment).map(([code, n]) => `  ${code.padEnd(28)} ${String(n).padStart(10)}`),
    `cost: ${rupiah(r.cost.monthly)}/month, ${rupiah(r.cost.yearly)}/year`,
    `targeting (deciles ${r.quality.eligible_deciles.join(',')}): exclusion error ${(r.quality.exclusion_error * 100).toFixed(2)}%, inclusion error ${(r.quality.inclusion_error * 100).toFixed(2)}%`,
    `fairness exclusion error: head L ${pct(r.fairness.head_sex.L.exclusion_error)}, P ${pct(r.fairness.head_sex.P.exclusion_error)}; head disabled ${pct(r.fairness.head_disability.yes.exclusion_error)}, not ${pct(r.fairness.head_disability.no.exclusion_error)}; urban ${pct(r.fairness.area.urban.exclusion_error)}, rural ${pct(r.fairness.area.rural.exclusion_error)}`,
    `cooperatives: ${r.cooperatives.village} own village, ${r.cooperatives.district_nearest} nearest in district (flagged), ${r.cooperatives.none} none; ${r.cooperatives.capacity_warnings.length} over capacity`,
  ];
  if (r.households_with_rule_errors)
    lines.push(
      `${r.households_with_rule_errors} households had a rule that could not be evaluated (see --json by_rule)`,
    );
  if (r.comparison) {
    lines.push(
      `against ${r.against?.policy.id} v${r.against?.policy.version}: ${r.comparison.households_changed} households change treatment`,
    );
    for (const [code, c] of Object.entries(r.comparison.by_treatment)) {
      lines.push(
        `  ${code.padEnd(28)} ${String(c.policy).padStart(10)} ${String(c.other).padStart(10)} ${c.difference >= 0 ? '+' : ''}${c.difference}`,
      );
    }
  }
  return lines.join('\n');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function registerPolicyCommands(program: Command): void {
  const policy = program
    .command('policy')
    .description(
      'targeting policies: validate, simulate and apply rules (CEL) that choose each household’s treatment',
    );

  withJson(
    policy
      .command('validate')
      .argument('<file>', 'policy YAML file, e.g. policies/default.yaml')
      .description('check syntax, types, treatment codes and unreachable rules; exit 1 on any error'),
  ).action(
    action(async (_ctx, file: string) => {
      await Promise.resolve();
      const { policy: compiled, diagnostics } = compilePolicy(readPolicyText(file));
      const errors = diagnostics.filter((d) => d.severity === 'error');
      const valid = compiled !== null && errors.length === 0;
      const text = [
        ...diagnostics.map((d) => formatDiagnostic(file, d)),
        valid
          ? `${file}: valid (${compiled.definition.id} v${compiled.definition.version}, ${compiled.rules.length} rules, ${compiled.rules.filter((r) => r.fast).length} compiled to closures)`
          : `${file}: ${errors.length} error(s)`,
      ].join('\n');
      return {
        json: {
          file,
          valid,
          policy: compiled
            ? {
                id: compiled.definition.id,
                version: compiled.definition.version,
                rules: compiled.rules.length,
              }
            : null,
          errors: errors,
          warnings: diagnostics.filter((d) => d.severity === 'warning'),
        },
        text,
        exitCode: valid ? 0 : 1,
      };
    }),
  );

  withJson(
    policy
      .command('simulate')
      .requiredOption('--policy <file>', 'policy YAML file')
      .option('--region <code>', 'only households in this region (any level)')
      .option('--against <file>', 'a second policy to compare over the same households')
      .option('--engine <engine>', 'fast (compiled closures) or reference (cel-js interpreter)', 'fast')
      .description(
        'run a policy over the current data without storing anything: counts, costs, targeting quality, fairness',
      ),
  ).action(
    action(async (ctx, options: { policy: string; region?: string; against?: string; engine: string }) => {
      if (options.engine !== 'fast' && options.engine !== 'reference') {
        throw new UserError(`invalid --engine "${options.engine}": use fast or reference`);
      }
      const main = loadPolicyFile(options.policy);
      const other = options.against ? loadPolicyFile(options.against) : null;
      const progress = createProgress({
        label: 'simulate',
        title: say('simulate', 'simulasi'),
        unit: say('households', 'rumah tangga'),
        silent: !process.stderr.isTTY && !ctx.json,
      });
      let done = 0;
      const report = await simulatePolicy(await ctx.database(), main.policy, other?.policy ?? null, {
        region: regionOption(options.region),
        engine: options.engine,
        onProgress: (n) => progress.update((done += n)),
      });
      progress.finish(done);
      return { json: report, text: simulationText(report) };
    }),
  );

  withJson(
    policy
      .command('apply')
      .requiredOption('--policy <file>', 'policy YAML file')
      .requiredOption('--effective <date>', 'date the decisions take effect (YYYY-MM-DD)')
      .option('--region <code>', 'only households in this region (any level)')
      .description(
        'store one decision per household (rule, inputs, policy version); earlier decisions are superseded, never deleted',
      ),
  ).action(
    action(async (ctx, options: { policy: string; effective: string; region?: string }) => {
      if (!isIsoDate(options.effective))
        throw new UserError(`invalid --effective "${options.effective}": give YYYY-MM-DD`);
      const loaded = loadPolicyFile(options.policy);
      const progress = createProgress({
        label: 'apply',
        title: say('apply', 'penerapan'),
        unit: say('households', 'rumah tangga'),
        silent: !process.stderr.isTTY && !ctx.json,
      });
      let done = 0;
      const result = await applyPolicy(await ctx.database(), loaded.policy, loaded.text, {
        effective: options.effective,
        region: regionOption(options.region),
        actor: ctx.actor,
        onProgress: (n) => progress.update((done += n)),
      });
      progress.finish(done);
      const text = [
        `application #${result.application_id}: ${result.policy.id} v${result.policy.version} effective ${result.effective}, ${result.households} households, ${result.superseded} earlier decisions superseded`,
        ...Object.entries(result.by_treatment).map(
          ([code, n]) => `  ${code.padEnd(28)} ${String(n).padStart(10)}`,
        ),
        `cooperatives: ${result.cooperatives.village} own village, ${result.cooperatives.district_nearest} nearest in district (flagged), ${result.cooperatives.none} none`,
        ...result.cooperatives.capacity_warnings.map(
          (w) =>
            `  warning: ${w.name} (${w.village_code}) capacity ${w.capacity}, ${w.members} members + ${w.assigned} assigned`,
        ),
      ].join('\n');
      return { json: result, text };
    }),
  );
}

import type { Command } from 'commander';
import { applyPolicy } from '../../policy/policy-apply-service.js';
import { compilePolicy } from '../../policy/policy-compiler.js';
import { loadPolicyFile, readPolicyText } from '../../policy/policy-file.js';
import { isCivilDate } from '../../shared/civil-date.js';
import { simulatePolicy } from '../../policy/policy-simulation-service.js';
import { formatDiagnostic } from '../../policy/policy-types.js';
import { parseRegionCode } from '../../regions/region-code.js';
import { UserError, say } from '../../shared/errors.js';
import { localOperator } from '../local-operator.js';
import { action, withJson } from '../command-runner.js';
import { createProgress } from '../progress.js';
import { applyText, simulationText } from './policy-text.js';
import { tr, userError } from '../lang.js';

export function regionOption(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const parsed = parseRegionCode(code);
  if (!parsed)
    throw userError(
      `invalid --region "${code}": give a Kemendagri code such as 53 or 53.01.05`,
      `--region "${code}" tidak sah: berikan kode Kemendagri seperti 53 atau 53.01.05`,
    );
  return parsed.code;
}

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
          ? tr(
              `${file}: valid (${compiled.definition.id} v${compiled.definition.version}, ${compiled.rules.length} rules, ${compiled.rules.filter((r) => r.fast).length} compiled to closures)`,
              `${file}: sah (${compiled.definition.id} v${compiled.definition.version}, ${compiled.rules.length} aturan, ${compiled.rules.filter((r) => r.fast).length} dikompilasi menjadi closure)`,
            )
          : tr(`${file}: ${errors.length} error(s)`, `${file}: ${errors.length} galat`),
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
        throw userError(
          `invalid --engine "${options.engine}": use fast or reference`,
          `--engine "${options.engine}" tidak sah: gunakan fast atau reference`,
        );
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
      if (!isCivilDate(options.effective))
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
        actor: localOperator(ctx),
        onProgress: (n) => progress.update((done += n)),
      });
      progress.finish(done);
      const text = applyText(result);
      return { json: result, text };
    }),
  );
}

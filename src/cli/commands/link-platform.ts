import type { Command } from 'commander';
import type { RuleReport } from '../../linkage/blocking.js';
import { linkPlatform, type PlatformLinkSummary } from '../../linkage/platform/platform-link-service.js';
import { SOURCE_TABLES, type SourceName } from '../../linkage/platform/platform-records.js';
import { LinkageRepository, type RunListItem } from '../../linkage/storage/linkage-repository.js';
import { UserError } from '../../shared/errors.js';
import { action, withJson } from '../command-runner.js';

function reportBlocking(reports: RuleReport[]): void {
  for (const r of reports)
    process.stderr.write(
      `blocking [${r.rule.join(', ')}]: ${r.skipped ? `skipped (${r.pairs} pairs, too loose)` : `${r.pairs} pairs, ${r.new_pairs} new`}\n`,
    );
}

const count = (o: Partial<Record<string, number>>) =>
  Object.entries(o)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');

function summaryText(s: PlatformLinkSummary): string {
  if (s.run_id === null) return `nothing to link: every ${s.source} row is already linked`;
  const lines = [
    `run ${s.run_id}: compared ${count(s.compared)} against ${s.persons} persons (${s.candidate_pairs} candidate pairs)`,
    `linked ${count(s.linked)} (${s.linked_by_review} by clerical decisions); ${s.unlinked} unlinked, ${s.review} pairs to review; ${s.new_entities} new entity keys for persons, ${s.unlinked_entities} for unlinked rows`,
  ];
  if (s.quality)
    lines.push(
      `against demo_truth: precision ${s.quality.precision}, recall ${s.quality.recall}, F1 ${s.quality.f1} (${s.quality.rows} rows)`,
    );
  return lines.join('\n');
}

const runLine = (r: RunListItem) =>
  `${String(r.id).padStart(5)}  ${r.kind.padEnd(6)} ${`${r.left_source} → ${r.right_source ?? '-'}`.padEnd(44)} ` +
  `${String(r.candidate_pairs).padStart(10)} pairs ${String(r.matches).padStart(8)} matches ${String(r.review).padStart(6)} review` +
  `${r.quality?.f1 !== undefined ? `  F1 ${r.quality.f1}` : ''}  ${r.finished_at.toISOString().slice(0, 19)}`;

/**
 * `entas link run` and `entas link runs` (linking the platform's own tables), added under the standalone
 * `entas link` command registered by link.ts.
 */
export function registerPlatformLinkCommands(program: Command): void {
  const link = program.commands.find((c) => c.name() === 'link');
  if (!link) throw new Error('register the link command first');
  withJson(
    link
      .command('run')
      .description(
        'link bansos recipients and cooperative members in the database to DTSEN persons (incremental: only rows not linked yet); sets person_id, household and entity keys, queues review pairs',
      )
      .option('--source <name>', 'bansos, members or all', 'all'),
  ).action(
    action(async (ctx, options: { source: string }) => {
      if (!Object.hasOwn(SOURCE_TABLES, options.source))
        throw new UserError(`--source must be bansos, members or all, got "${options.source}"`);
      const started = performance.now();
      const summary = await linkPlatform(await ctx.database(), {
        source: options.source as SourceName,
        actor: ctx.actor,
        onBlocking: reportBlocking,
        onStage: (stage, detail) =>
          process.stderr.write(
            `${stage}${detail ? ' ' + JSON.stringify(detail) : ''} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
          ),
      });
      const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      return { json: { ...summary, seconds }, text: summaryText(summary) };
    }),
  );
  withJson(
    link
      .command('runs')
      .description('recorded linkage runs, newest first, with their counts and quality')
      .option('--limit <n>', 'at most this many', '50'),
  ).action(
    action(async (ctx, options: { limit: string }) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UserError(`--limit must be a positive whole number, got "${options.limit}"`);
      const runs = await new LinkageRepository((await ctx.database()).db).runs(limit);
      return { json: runs, text: runs.length ? runs.map(runLine).join('\n') : 'no linkage runs yet' };
    }),
  );
}

import type { Command } from 'commander';
import { linkPlatform, type PlatformLinkSummary } from '../../linkage/platform/platform-link-service.js';
import { SOURCE_TABLES, type SourceName } from '../../linkage/platform/platform-records.js';
import { LinkageRepository, type RunListItem } from '../../linkage/storage/linkage-repository.js';
import { action, withJson } from '../command-runner.js';
import { tr, userError } from '../lang.js';
import { reportBlocking, reportStage } from './link-progress.js';

const count = (o: Partial<Record<string, number>>) =>
  Object.entries(o)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');

function summaryText(s: PlatformLinkSummary): string {
  if (s.run_id === null)
    return tr(
      `nothing to link: every ${s.source} row is already linked`,
      `tidak ada yang perlu ditautkan: setiap baris ${s.source} sudah tertaut`,
    );
  const lines = [
    tr(
      `run ${s.run_id}: compared ${count(s.compared)} against ${s.persons} persons (${s.candidate_pairs} candidate pairs)`,
      `proses ${s.run_id}: ${count(s.compared)} dibandingkan dengan ${s.persons} orang (${s.candidate_pairs} pasangan kandidat)`,
    ),
    tr(
      `linked ${count(s.linked)} (${s.linked_by_review} by clerical decisions); ${s.unlinked} unlinked, ${s.review} pairs to review; ${s.new_entities} new entity keys for persons, ${s.unlinked_entities} for unlinked rows`,
      `tertaut ${count(s.linked)} (${s.linked_by_review} lewat keputusan petugas); ${s.unlinked} tidak tertaut, ${s.review} pasangan perlu ditinjau; ${s.new_entities} kunci entitas baru untuk orang, ${s.unlinked_entities} untuk baris tak tertaut`,
    ),
  ];
  if (s.quality)
    lines.push(
      tr(
        `against demo_truth: precision ${s.quality.precision}, recall ${s.quality.recall}, F1 ${s.quality.f1} (${s.quality.rows} rows)`,
        `terhadap demo_truth: presisi ${s.quality.precision}, recall ${s.quality.recall}, F1 ${s.quality.f1} (${s.quality.rows} baris)`,
      ),
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
        throw userError(
          `--source must be bansos, members or all, got "${options.source}"`,
          `--source harus bansos, members atau all, bukan "${options.source}"`,
        );
      const started = performance.now();
      const summary = await linkPlatform(await ctx.database(), {
        source: options.source as SourceName,
        actor: ctx.actor,
        onBlocking: reportBlocking,
        onStage: (stage, detail) => reportStage(started, stage, detail),
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
        throw userError(
          `--limit must be a positive whole number, got "${options.limit}"`,
          `--limit harus bilangan bulat positif, bukan "${options.limit}"`,
        );
      const runs = await new LinkageRepository((await ctx.database()).db).runs(limit);
      return {
        json: runs,
        text: runs.length
          ? runs.map(runLine).join('\n')
          : tr('no linkage runs yet', 'belum ada proses penautan'),
      };
    }),
  );
}

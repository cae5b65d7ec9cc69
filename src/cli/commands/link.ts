import type { Command } from 'commander';
import { evaluateFiles } from '../../linkage/evaluate-files.js';
import type { PairQuality } from '../../linkage/evaluate.js';
import { linkFiles, type FileRunSummary } from '../../linkage/linkage-run.js';
import { action, withJson } from '../command-runner.js';
import { userError } from '../lang.js';
import { reportBlocking, reportStage } from './link-progress.js';

const round = (x: number) => Number(x.toFixed(4));

function hooks(started: number) {
  return {
    onBlocking: reportBlocking,
    onStage: (stage: string, detail?: Record<string, number>) => reportStage(started, stage, detail),
  };
}

function summaryText(s: FileRunSummary, seconds: number): string {
  const lines = [
    `${s.mode === 'link' ? `linked ${s.records[0]} × ${s.records[1]}` : `deduplicated ${s.records[0]}`} records: ${s.candidate_pairs} candidate pairs in ${seconds.toFixed(1)} s`,
    `prior match probability ${s.model.prior.toExponential(3)}`,
  ];
  for (const f of s.model.fields)
    lines.push(
      `  ${f.label} (${f.type}): ${f.levels.map((l, i) => `${l} ${Math.log2(f.m[i + 1]! / f.u[i + 1]!).toFixed(1)}`).join('; ')}`,
    );
  if (s.mode === 'link')
    lines.push(
      `${s.matches} matches, ${s.review} in the review band${s.dropped_by_assignment ? `, ${s.dropped_by_assignment} dropped by one-to-one assignment` : ''} → ${s.out}`,
    );
  else
    lines.push(`${s.clusters} entities, ${s.refused_merges} merges refused by the chaining guard → ${s.out}`);
  return lines.join('\n');
}

export function registerLinkCommands(program: Command): void {
  const link = withJson(
    program
      .command('link')
      .description(
        'link two person lists probabilistically (Fellegi–Sunter, trained without labels); writes left_id,right_id,match_probability,…',
      )
      .option('--left <file>', 'left CSV (e.g. the registry)')
      .option('--right <file>', 'right CSV (e.g. a beneficiary list)')
      .option(
        '--settings <file>',
        'settings JSON (default: Indonesian person preset id,nik,name,birth_date,sex,village_code[,address,kk])',
      )
      .option('--out <file>', 'output CSV of pairs at or above the review threshold')
      .option('--one-to-one', 'link each record at most once (both lists deduplicated)')
      .option(
        '--deduplicated <side>',
        'which inputs list each person at most once: left, right, both or none; their candidates then compete for them (both: one-to-one by default)',
      )
      .option(
        '--keep-dropped',
        'with --one-to-one, also write the pairs the assignment dropped (decision "dropped"), so that link evaluate scores raw and one-to-one output from one file',
      )
      .option(
        '--decisions <file>',
        'clerical review decisions to reuse (left_id,right_id,decision=match|non_match)',
      )
      .option(
        '--pprl',
        'privacy-preserving: compare keyed HMACs of identifiers and Bloom filters of names and dates (needs --key-file)',
      )
      .option('--key-file <file>', 'the key both agencies share for --pprl (at least 16 bytes)'),
  ).action(
    action(
      async (
        _ctx,
        options: {
          left?: string;
          right?: string;
          settings?: string;
          out?: string;
          oneToOne?: boolean;
          deduplicated?: string;
          keepDropped?: boolean;
          decisions?: string;
          pprl?: boolean;
          keyFile?: string;
        },
      ) => {
        for (const k of ['left', 'right', 'out'] as const)
          if (!options[k])
            throw userError(
              `link: --${k} is required (see entas link --help)`,
              `link: --${k} wajib diisi (lihat entas link --help)`,
            );
        if (options.pprl && !options.keyFile)
          throw userError(
            'link: --pprl needs --key-file <file>',
            'link: --pprl memerlukan --key-file <berkas>',
          );
        if (options.keyFile && !options.pprl)
          throw userError(
            'link: --key-file is only used with --pprl',
            'link: --key-file hanya dipakai bersama --pprl',
          );
        const started = performance.now();
        const summary = await linkFiles(
          {
            left: options.left!,
            right: options.right!,
            settings: options.settings,
            out: options.out!,
            oneToOne: options.oneToOne,
            deduplicated: options.deduplicated,
            keepDropped: options.keepDropped,
            decisions: options.decisions,
            ...(options.pprl ? { keyFile: options.keyFile } : {}),
          },
          hooks(started),
        );
        const seconds = (performance.now() - started) / 1000;
        const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
        return {
          json: { ...summary, seconds: round(seconds), peak_rss_mb: peakRssMb },
          text: summaryText(summary, seconds),
        };
      },
    ),
  );

  withJson(
    link
      .command('evaluate')
      .description(
        'pairwise precision, recall and F1 of a links (or clusters) file against the truth: pairs at the threshold, one-to-one, and a calibration table',
      )
      .requiredOption(
        '--links <file>',
        'links CSV (left_id,right_id,match_probability) or clusters CSV (id,cluster_id)',
      )
      .requiredOption('--truth <file>', 'true pairs (left_id,right_id) or true clusters (id,cluster)')
      .option('--threshold <p>', 'minimum match_probability counted as a link', '0.5'),
  ).action(
    action((_ctx, options: { links: string; truth: string; threshold: string }) => {
      const threshold = Number(options.threshold);
      if (!(threshold >= 0 && threshold <= 1))
        throw userError(
          `--threshold must be between 0 and 1, got "${options.threshold}"`,
          `--threshold harus antara 0 dan 1, bukan "${options.threshold}"`,
        );
      const q = evaluateFiles(options.links, options.truth, threshold);
      const rounded = <T extends PairQuality>(x: T): T => ({
        ...x,
        precision: round(x.precision),
        recall: round(x.recall),
        f1: round(x.f1),
      });
      const json = {
        ...rounded(q),
        ...(q.one_to_one ? { one_to_one: rounded(q.one_to_one) } : {}),
        ...(q.calibration
          ? {
              calibration: q.calibration.map((b) => ({
                ...b,
                predicted: round(b.predicted),
                observed: round(b.observed),
              })),
            }
          : {}),
      };
      const line = (label: string, x: PairQuality) =>
        `${label}precision ${round(x.precision)}, recall ${round(x.recall)}, F1 ${round(x.f1)} (${x.true_positives} of ${x.predicted} predicted pairs true; ${x.true_pairs} true pairs)`;
      const lines = [line(q.one_to_one ? `pairs at p ≥ ${threshold}: ` : '', q)];
      if (q.one_to_one) lines.push(line('one-to-one: ', q.one_to_one));
      if (json.calibration) {
        lines.push('calibration / kalibrasi (band: pairs, predicted → observed match rate):');
        for (const b of json.calibration)
          lines.push(
            `  [${b.from}, ${b.to}${b.to === 1 ? ']' : ')'}: ${b.pairs}, ${b.predicted.toFixed(3)} → ${b.observed.toFixed(3)}`,
          );
      }
      return Promise.resolve({ json, text: lines.join('\n') });
    }),
  );

  withJson(
    program
      .command('dedupe')
      .description(
        'find records of the same person within one list; writes id,cluster_id,weakest_link_probability',
      )
      .requiredOption('--input <file>', 'input CSV')
      .option('--settings <file>', 'settings JSON (default: Indonesian person preset)')
      .requiredOption('--out <file>', 'output CSV')
      .option('--decisions <file>', 'clerical review decisions to reuse (left_id,right_id,decision)'),
  ).action(
    action(async (_ctx, options: { input: string; settings?: string; out: string; decisions?: string }) => {
      const started = performance.now();
      const summary = await linkFiles(
        {
          left: options.input,
          right: null,
          settings: options.settings,
          out: options.out,
          decisions: options.decisions,
        },
        hooks(started),
      );
      const seconds = (performance.now() - started) / 1000;
      return { json: { ...summary, seconds: round(seconds) }, text: summaryText(summary, seconds) };
    }),
  );
}

/**
 * File-level linkage runs for the CLI and benchmarks: read settings and CSVs, validate everything before any
 * work, run the engine, write the output. Thin: the logic lives in engine.ts.
 */
import { UserError } from '../shared/errors.js';
import type { EngineHooks, LinkageResult } from './engine.js';
import { runLinkage } from './engine.js';
import { buildComparators } from './fields/index.js';
import { readCodedTables, readCsvHeaders } from './io/csv-columns.js';
import { readCsvText } from './io/csv-file.js';
import { readDecisions } from './io/decisions-file.js';
import { writeClusters, writeLinks } from './io/write-output.js';
import { startCompareWorker } from './parallel/parallel-compare.js';
import { encodeTable, pprlComparators, readKeyFile } from './pprl/pprl-encode.js';
import { recordCount, recordId, type RecordTable } from './record-table.js';
import {
  DEDUPLICATED,
  parseSettings,
  personPreset,
  type Deduplicated,
  type LinkSettings,
} from './settings.js';

export function loadSettings(path: string | undefined, firstHeaders: () => string[]): LinkSettings {
  if (!path) return personPreset(firstHeaders());
  const text = readCsvText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path}: not valid JSON (${(error as Error).message})`, 'invalid_settings');
  }
  return parseSettings(json, path);
}

/** The input files as coded tables (the worker thread reads them the same way and gets the same codes). */
export function readLinkTables(
  settings: LinkSettings,
  left: string,
  right: string | null,
  options: { ids?: boolean } = {},
): [RecordTable, RecordTable | null] {
  const columns = [...new Set(settings.fields.map((f) => f.column))];
  const tables = readCodedTables(right ? [left, right] : [left], settings.id, columns, options);
  return [tables[0]!, tables[1] ?? null];
}

export interface FileRunSummary {
  mode: 'link' | 'dedupe';
  records: number[];
  candidate_pairs: number;
  blocking: LinkageResult['blocking'];
  model: { prior: number; runs: LinkageResult['model']['runs']; fields: LinkageResult['model']['fields'] };
  written: number;
  matches?: number;
  review?: number;
  dropped_by_assignment?: number;
  clusters?: number;
  refused_merges?: number;
  unusable_values: Record<string, number>;
  out: string;
}

export async function linkFiles(
  options: {
    left: string;
    right: string | null;
    settings?: string;
    out: string;
    oneToOne?: boolean;
    /** Which inputs list each person at most once (overrides the settings; `both` implies one-to-one). */
    deduplicated?: string;
    /** Also write the pairs the one-to-one assignment dropped (decision `dropped`). */
    keepDropped?: boolean;
    /** Clerical decisions from earlier reviews (left_id,right_id,decision). */
    decisions?: string;
    /** Use a worker thread (default: yes when running compiled; never in privacy-preserving mode). */
    parallel?: boolean;
    /** Privacy-preserving mode: encode both inputs with this shared key file before comparing (pprl/). */
    keyFile?: string;
  },
  hooks: EngineHooks = {},
): Promise<FileRunSummary> {
  // Headers first, so a missing column or bad settings are reported before the files are read.
  const inputs = [{ source: options.left, headers: readCsvHeaders(options.left) }];
  if (options.right) inputs.push({ source: options.right, headers: readCsvHeaders(options.right) });
  const settings = loadSettings(options.settings, () => inputs[0]!.headers);
  if (options.deduplicated !== undefined) {
    if (!(DEDUPLICATED as readonly string[]).includes(options.deduplicated))
      throw new UserError(
        `--deduplicated must be one of ${DEDUPLICATED.join(', ')}, got "${options.deduplicated}"`,
        'invalid_settings',
      );
    settings.deduplicated = options.deduplicated as Deduplicated;
    if (settings.deduplicated === 'both') settings.oneToOne = true;
  }
  if (options.oneToOne) settings.oneToOne = true;
  buildComparators(settings, inputs);
  const decisions = options.decisions ? readDecisions(options.decisions, options.right === null) : undefined;
  if (decisions) hooks = { ...hooks, decisions };
  const key = options.keyFile ? readKeyFile(options.keyFile) : null;
  const worker =
    options.parallel === false || key ? null : startCompareWorker(settings, options.left, options.right);
  try {
    return await run(options, settings, { ...hooks, ...worker?.hooks }, key);
  } finally {
    await worker?.close();
  }
}

async function run(
  options: { left: string; right: string | null; out: string; keepDropped?: boolean },
  settings: LinkSettings,
  hooks: EngineHooks,
  key: Buffer | null,
): Promise<FileRunSummary> {
  hooks.onStage?.('read');
  let [left, right] = readLinkTables(settings, options.left, options.right);
  let fields = buildComparators(settings, right ? [left, right] : [left]);
  if (key) {
    left = encodeTable(left, settings, key);
    right = right ? encodeTable(right, settings, key) : null;
    fields = pprlComparators(settings, fields);
  }
  const result = await runLinkage(settings, fields, left, right, hooks);
  hooks.onStage?.('write');
  const summary: FileRunSummary = {
    mode: result.mode,
    records: right ? [recordCount(left), recordCount(right)] : [recordCount(left)],
    candidate_pairs: result.pairs.count,
    blocking: result.blocking,
    model: { prior: result.model.prior, runs: result.model.runs, fields: result.model.fields },
    written: 0,
    unusable_values: result.unusable,
    out: options.out,
  };
  if (right) {
    const counts = writeLinks(
      options.out,
      result,
      recordId(left),
      recordId(right),
      settings.thresholds.match,
      options.keepDropped === true,
    );
    Object.assign(summary, counts, {
      written: result.selected.length,
      dropped_by_assignment: result.droppedByAssignment,
    });
  } else {
    const { clusters } = writeClusters(options.out, result, recordId(left), recordCount(left));
    Object.assign(summary, {
      clusters,
      written: recordCount(left),
      refused_merges: result.clusters!.refusedMerges,
    });
  }
  return summary;
}

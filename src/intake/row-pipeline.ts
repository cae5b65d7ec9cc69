import fs from 'node:fs';
import { once } from 'node:events';
import { encodeCopyRow } from '../db/database.js';
import type { CellValue } from './field-values.js';
import type { HeaderResolution } from './header-match.js';
import type { FieldIssue, Profile, RowValidator, SourceRow } from './profiles/profile.js';
import type { SourceTable } from './readers/source-table.js';

export interface PipelineCounts {
  rows: number;
  accepted: number;
  rejected: number;
  warnings: number;
  warningCodes: Map<string, { count: number; example: FieldIssue & { line: number } }>;
}

export function emptyCounts(): PipelineCounts {
  return { rows: 0, accepted: 0, rejected: 0, warnings: 0, warningCodes: new Map() };
}

/** Adds the counts of later rows (a later chunk of the file): each code keeps its earliest example. */
export function addCounts(into: PipelineCounts, later: PipelineCounts): void {
  into.rows += later.rows;
  into.accepted += later.accepted;
  into.rejected += later.rejected;
  into.warnings += later.warnings;
  for (const [code, w] of later.warningCodes) {
    const seen = into.warningCodes.get(code);
    if (seen) seen.count += w.count;
    else into.warningCodes.set(code, { count: w.count, example: w.example });
  }
}

/** COPY text gathered before it is handed on (to COPY or a file): large writes, bounded memory. */
const FLUSH_CHARS = 65_536;

/**
 * Validates rows and appends their COPY text: the staging line of an accepted row, the problems of a rejected
 * row (for the rejects table) and every warning (for intake_warnings). The one per-row loop of both the
 * single-thread pipeline and the validation workers, so both write the same bytes.
 */
export class RowEncoder {
  staging = '';
  rejects = '';
  warnings = '';
  private cells: readonly CellValue[] = [];
  private readonly row: SourceRow;

  constructor(
    private readonly profile: Profile<unknown>,
    private readonly validate: RowValidator<unknown>,
    columns: ReadonlyMap<string, number>,
    private readonly batchId: number,
    readonly counts: PipelineCounts = emptyCounts(),
  ) {
    this.row = {
      line: 0,
      get: (field) => {
        const i = columns.get(field);
        return i === undefined ? undefined : this.cells[i];
      },
      has: (field) => columns.has(field),
    };
  }

  add(line: number, cells: readonly CellValue[]): void {
    this.cells = cells;
    this.row.line = line;
    const counts = this.counts;
    counts.rows += 1;
    const outcome = this.validate(this.row);
    for (const w of outcome.warnings) {
      counts.warnings += 1;
      const seen = counts.warningCodes.get(w.code);
      if (seen) seen.count += 1;
      else counts.warningCodes.set(w.code, { count: 1, example: { ...w, line } });
      this.warnings += encodeCopyRow([this.batchId, line, w.field, w.value, w.code, w.message, w.message_id]);
    }
    if (outcome.record === null) {
      counts.rejected += 1;
      outcome.errors.forEach((e, seq) => {
        this.rejects += encodeCopyRow([line, seq, e.field, e.value, e.code, e.message, e.message_id]);
      });
    } else {
      counts.accepted += 1;
      this.staging += encodeCopyRow(this.profile.toStaging(outcome.record, line));
    }
  }
}

/** The files the problems of rejected rows and the warnings are written to, as COPY text. */
export interface ProblemSinks {
  rejectsPath: string;
  warningsPath: string;
  batchId: number;
}

/** Appends rejects and warnings COPY text to their files, waiting when the disk falls behind. */
export class ProblemFiles {
  private readonly rejects: fs.WriteStream;
  private readonly warnings: fs.WriteStream;

  constructor(sinks: ProblemSinks) {
    this.warnings = fs.createWriteStream(sinks.warningsPath);
    this.rejects = fs.createWriteStream(sinks.rejectsPath);
  }

  async write(rejects: string, warnings: string): Promise<void> {
    if (rejects && !this.rejects.write(rejects)) await once(this.rejects, 'drain');
    if (warnings && !this.warnings.write(warnings)) await once(this.warnings, 'drain');
  }

  async close(): Promise<void> {
    this.warnings.end();
    this.rejects.end();
    await Promise.all([once(this.warnings, 'close'), once(this.rejects, 'close')]);
  }
}

/**
 * Turns source rows into COPY lines for the staging table: each row is validated; the problems of rejected
 * rows go to a COPY file for intake_rejects, warnings to one for intake_warnings. Consumed lazily by COPY, so
 * memory stays bounded.
 */
export async function* stagingLines(
  table: SourceTable,
  resolution: HeaderResolution,
  profile: Profile<unknown>,
  validate: RowValidator<unknown>,
  sinks: ProblemSinks,
  counts: PipelineCounts,
  onRow?: () => void,
): AsyncGenerator<string> {
  const encoder = new RowEncoder(profile, validate, resolution.columns, sinks.batchId, counts);
  const files = new ProblemFiles(sinks);
  try {
    for await (const next of table.rows) {
      encoder.add(next.line, next.cells);
      if (encoder.rejects.length >= FLUSH_CHARS || encoder.warnings.length >= FLUSH_CHARS) {
        await files.write(encoder.rejects, encoder.warnings);
        encoder.rejects = encoder.warnings = '';
      }
      if (encoder.staging.length >= FLUSH_CHARS) {
        yield encoder.staging;
        encoder.staging = '';
      }
      onRow?.();
    }
    await files.write(encoder.rejects, encoder.warnings);
    if (encoder.staging) yield encoder.staging;
  } finally {
    await files.close();
  }
}

/** Reads a COPY file back in chunks of whole lines (a chunk may be flushed on its own). */
export async function* fileChunks(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of fs.createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    const end = text.lastIndexOf('\n') + 1;
    rest = text.slice(end);
    if (end > 0) yield text.slice(0, end);
  }
  if (rest) yield rest;
}

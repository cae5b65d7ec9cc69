import fs from 'node:fs';
import { once } from 'node:events';
import { encodeCopyRow } from '../db/database.js';
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
  sinks: { rejectsPath: string; warningsPath: string; batchId: number },
  counts: PipelineCounts,
  onRow?: () => void,
): AsyncGenerator<string> {
  const index = resolution.columns;
  const warnings = fs.createWriteStream(sinks.warningsPath);
  const rejects = fs.createWriteStream(sinks.rejectsPath);
  let cells: unknown[] = [];
  let line = 0;
  const row: SourceRow = {
    get line() {
      return line;
    },
    get: (field) => {
      const i = index.get(field);
      return i === undefined ? undefined : (cells[i] as ReturnType<SourceRow['get']>);
    },
    has: (field) => index.has(field),
  };
  let buffer = '';
  try {
    for await (const next of table.rows) {
      cells = next.cells;
      line = next.line;
      counts.rows += 1;
      const outcome = validate(row);
      for (const w of outcome.warnings) {
        counts.warnings += 1;
        const seen = counts.warningCodes.get(w.code);
        if (seen) seen.count += 1;
        else counts.warningCodes.set(w.code, { count: 1, example: { ...w, line } });
        const text = encodeCopyRow([sinks.batchId, line, w.field, w.value, w.code, w.message, w.message_id]);
        if (!warnings.write(text)) await once(warnings, 'drain');
      }
      if (outcome.record === null) {
        counts.rejected += 1;
        let text = '';
        outcome.errors.forEach((e, seq) => {
          text += encodeCopyRow([line, seq, e.field, e.value, e.code, e.message, e.message_id]);
        });
        if (!rejects.write(text)) await once(rejects, 'drain');
      } else {
        counts.accepted += 1;
        buffer += encodeCopyRow(profile.toStaging(outcome.record, line));
        if (buffer.length >= 65_536) {
          yield buffer;
          buffer = '';
        }
      }
      onRow?.();
    }
    if (buffer) yield buffer;
  } finally {
    warnings.end();
    rejects.end();
    await Promise.all([once(warnings, 'close'), once(rejects, 'close')]);
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

import type { DatabaseKind } from '../../db/database.js';
import type { HeaderResolution } from '../header-match.js';
import type { Profile, ValidationContext } from '../profiles/profile.js';
import type { SourceTable } from '../readers/source-table.js';
import { stagingLines, type PipelineCounts, type ProblemSinks } from '../row-pipeline.js';
import type { PreparedSource } from '../source-file.js';
import { contextData } from '../validation-context-data.js';
import { parallelStagingLines } from './parallel-staging.js';
import { startValidateWorkers, type ChunkRunner } from './validate-workers.js';

/**
 * Smaller files are validated on the main thread: a worker takes 0.1–0.2 s to start and compile its code,
 * about what two workers save on 15 MB (measured: 1 M rows, 97 MB, 3.8 s on one thread, 2.4 s on two).
 */
export const PARALLEL_MIN_BYTES = 16 << 20;
/** Two validating threads, with the main thread reading and PostgreSQL (or PGlite) storing. */
const WORKERS = 2;

/**
 * Worker threads to validate an import file, when it can be cut into chunks validated apart: a CSV file of
 * some size, with an ASCII delimiter, for a profile whose rows are independent (bansos and members find
 * duplicates in memory as they read), stored on a PostgreSQL server. PGlite runs COPY on this process's main
 * thread, which then stays the bottleneck (1 M rows: validate 7.0 s with workers, 7.2 s without) while the
 * workers add ~100 MB of RSS to a process that must stay under 1 GiB. Null when the file is validated on the
 * main thread.
 */
export function startImportWorkers(input: {
  engine: DatabaseKind;
  source: PreparedSource;
  table: SourceTable;
  profile: Profile<unknown>;
  context: ValidationContext;
  columns: Map<string, number>;
  batchId: number;
}): ChunkRunner | null {
  const { source, table, profile } = input;
  const delimiter = table.format.delimiter;
  if (input.engine !== 'postgres' || !profile.independentRows || table.format.kind !== 'csv') return null;
  if (source.size < PARALLEL_MIN_BYTES) return null;
  if (delimiter === undefined || delimiter.charCodeAt(0) > 127) return null;
  return startValidateWorkers(
    {
      profile: profile.name,
      encoding: source.encoding,
      delimiter,
      columns: input.columns,
      batchId: input.batchId,
      context: contextData(input.context),
    },
    WORKERS,
  );
}

/**
 * The staging COPY text of a file: validated on `workers` when startImportWorkers gave some (they read the file
 * themselves, so the reader that gave the header is closed), else on this thread from `table`. `onProgress`
 * receives the bytes of the file consumed so far.
 */
export async function validatedStagingLines(input: {
  source: PreparedSource;
  table: SourceTable;
  resolution: HeaderResolution;
  profile: Profile<unknown>;
  context: ValidationContext;
  workers: ChunkRunner | null;
  sinks: ProblemSinks;
  counts: PipelineCounts;
  onProgress?: (bytes: number) => void;
}): Promise<AsyncIterable<string>> {
  const { source, table, profile, sinks, counts, onProgress } = input;
  if (input.workers) {
    await table.rows[Symbol.asyncIterator]().return?.();
    const csv = {
      path: source.path,
      label: source.fileName,
      encoding: source.encoding,
      delimiter: table.format.delimiter!,
    };
    return parallelStagingLines(csv, input.workers, sinks, counts, { onChunk: onProgress });
  }
  const onRow =
    onProgress &&
    (() => {
      if (counts.rows % 1000 === 0) onProgress(table.bytesRead());
    });
  const validate = profile.createValidator(input.context);
  return stagingLines(table, input.resolution, profile, validate, sinks, counts, onRow);
}

/**
 * Validation alone, no database write: the file through the import's row validation and COPY-text encoding,
 * on the main thread and on the two worker threads a PostgreSQL import uses. A floor for any import with full
 * validation, to set beside the plain COPY (`import-run.js validate …`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { resolveHeaders } from '../src/intake/header-match.js';
import { parallelStagingLines } from '../src/intake/parallel/parallel-staging.js';
import { startValidateWorkers } from '../src/intake/parallel/validate-workers.js';
import { PROFILES } from '../src/intake/profiles/index.js';
import { openCsv } from '../src/intake/readers/csv-reader.js';
import { emptyCounts, stagingLines } from '../src/intake/row-pipeline.js';
import { contextData } from '../src/intake/validation-context-data.js';
import { loadValidationContext } from '../src/intake/validation-context.js';

export async function measureValidationOnly(database: Database, file: string) {
  const context = await loadValidationContext(database.db, {
    today: new Date().toISOString().slice(0, 10),
    withCooperatives: false,
  });
  await database.close();
  const profile = PROFILES.dtsen;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-bench-validate-'));
  const sinks = { rejectsPath: path.join(scratch, 'r'), warningsPath: path.join(scratch, 'w'), batchId: 1 };
  const run = async (workers: boolean) => {
    const table = await openCsv(file, { encoding: 'utf-8' });
    const resolution = resolveHeaders(table.headers, profile.fields, undefined);
    const counts = emptyCounts();
    const started = performance.now();
    if (workers) {
      await table.rows[Symbol.asyncIterator]().return?.();
      const setup = {
        profile: profile.name,
        encoding: 'utf-8' as const,
        delimiter: table.format.delimiter!,
        columns: resolution.columns,
        batchId: 1,
        context: contextData(context),
      };
      const runner = startValidateWorkers(setup, 2)!;
      const csv = { path: file, label: file, encoding: 'utf-8' as const, delimiter: setup.delimiter };
      try {
        for await (const text of parallelStagingLines(csv, runner, sinks, counts)) void text;
      } finally {
        await runner.close();
      }
    } else {
      const validate = profile.createValidator(context);
      for await (const text of stagingLines(table, resolution, profile, validate, sinks, counts)) void text;
    }
    return { seconds: (performance.now() - started) / 1000, rows: counts.rows };
  };
  try {
    const single = await run(false);
    const parallel = await run(true);
    return { seconds: parallel.seconds, one_thread_seconds: single.seconds, rows: parallel.rows };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

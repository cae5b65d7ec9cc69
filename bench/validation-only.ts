/**
 * Validation alone, no database write: the file through the import's row validation and COPY-text encoding,
 * on the main thread and on the worker threads a PostgreSQL import uses (chosen as importFile chooses them).
 * A floor for any import with full validation, to set beside the plain COPY (`import-run.js validate …`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../src/db/database.js';
import { resolveHeaders } from '../src/intake/header-match.js';
import { startImportWorkers, validatedStagingLines } from '../src/intake/parallel/parallel-import.js';
import { PROFILES } from '../src/intake/profiles/index.js';
import { emptyCounts } from '../src/intake/row-pipeline.js';
import { openSourceTable, prepareSource } from '../src/intake/source-file.js';
import { loadValidationContext } from '../src/intake/validation-context.js';

export async function measureValidationOnly(database: Database, file: string) {
  const context = await loadValidationContext(database.db, {
    today: new Date().toISOString().slice(0, 10),
    withCooperatives: false,
  });
  await database.close();
  const profile = PROFILES.dtsen;
  const source = await prepareSource({ path: file });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-bench-validate-'));
  const sinks = { rejectsPath: path.join(scratch, 'r'), warningsPath: path.join(scratch, 'w'), batchId: 1 };
  const run = async (withWorkers: boolean) => {
    const table = await openSourceTable(source, {});
    const resolution = resolveHeaders(table.headers, profile.fields, undefined);
    const counts = emptyCounts();
    const started = performance.now();
    const workers = withWorkers
      ? startImportWorkers({
          engine: 'postgres',
          source,
          table,
          profile,
          context,
          columns: resolution.columns,
          batchId: 1,
        })
      : null;
    if (withWorkers && !workers) throw new Error(`${file}: too small for the validation workers`);
    try {
      const input = { source, table, resolution, profile, context, workers, sinks, counts };
      for await (const text of await validatedStagingLines(input)) void text;
    } finally {
      await workers?.close();
    }
    return { seconds: (performance.now() - started) / 1000, rows: counts.rows };
  };
  try {
    const single = await run(false);
    const parallel = await run(true);
    return { seconds: parallel.seconds, one_thread_seconds: single.seconds, rows: parallel.rows };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    await source.cleanup();
  }
}

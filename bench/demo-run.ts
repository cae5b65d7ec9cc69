/**
 * One engine's part of `npm run bench:demo`, in its own process so its peak RSS is its own. Reads its task from
 * argv as JSON: { engine, dataDir | url, province, households, seed }. Prints one JSON line with the figures.
 */
import { migrate } from '../src/db/migrate.js';
import { openPgliteDatabase } from '../src/db/pglite-database.js';
import { openPostgresDatabase } from '../src/db/postgres-database.js';
import { runDemo } from '../src/demo/run-demo.js';

interface Task {
  engine: 'pglite' | 'postgres';
  dataDir?: string;
  url?: string;
  province: string;
  households: number;
  seed: string;
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task;
const database =
  task.engine === 'pglite' ? await openPgliteDatabase(task.dataDir!) : openPostgresDatabase(task.url!);
try {
  let started = performance.now();
  await migrate(database);
  const migrateSeconds = (performance.now() - started) / 1000;
  const rssBefore = process.resourceUsage().maxRSS;
  started = performance.now();
  let lastReport = 0;
  const summary = await runDemo(database, {
    province: task.province,
    households: task.households,
    seed: task.seed,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - lastReport < 10_000) return;
      lastReport = now;
      process.stderr.write(
        `  ${task.engine}: ${done}/${total} households, ${Math.round(((now - started) / 1000) * 10) / 10}s\n`,
      );
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const rows =
    summary.households * 3 +
    summary.persons +
    summary.cooperatives +
    summary.source_rows.program_enrolments * 2 +
    summary.source_rows.cooperative_members * 2 +
    summary.source_rows.cooperative_officers * 2;
  process.stdout.write(
    JSON.stringify({
      engine: task.engine,
      households: summary.households,
      persons: summary.persons,
      rows_loaded_approx: rows,
      seconds: Math.round(seconds * 10) / 10,
      persons_per_s: Math.round(summary.persons / seconds),
      rows_per_s: Math.round(rows / seconds),
      migrate_s: Math.round(migrateSeconds * 10) / 10,
      peak_rss_mb_before_demo: Math.round(rssBefore / 1024),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }) + '\n',
  );
} finally {
  await database.close();
}

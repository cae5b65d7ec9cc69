import path from 'node:path';
import { say } from '../../shared/errors.js';
import type { Command } from 'commander';
import {
  importFile,
  inspectFile,
  PROFILE_NAMES,
  readMappingFile,
  type ImportResult,
  type ProfileName,
} from '../../intake/index.js';
import { localOperator } from '../local-operator.js';
import { action, withJson, type CommandContext } from '../command-runner.js';
import { userError } from '../lang.js';
import { createProgress } from '../progress.js';

interface ImportCliOptions {
  program?: string;
  period?: string;
  snapshotDate?: string;
  sheet?: string;
  delimiter?: string;
  mapping?: string;
  rejects?: string;
  quiet?: boolean;
  byProvince?: boolean;
  partsDir?: string;
  detach?: boolean;
}

const DESCRIPTIONS: Record<ProfileName, string> = {
  dtsen: 'import a DTSEN extract (one row per person; rows of one No. KK form a household)',
  bansos: 'import a program recipient list (KPM) for one period: --program PKH --period 2026-03',
  cooperatives: 'import a cooperative (Kopdes) register',
  members: 'import cooperative member lists',
  officers:
    "import a register of cooperative officers (pengurus and pengawas); reports the registrar's checks",
};

const summary = (r: ImportResult) =>
  r.status === 'already_imported'
    ? `already imported as batch ${r.batch_id} (${r.accepted} of ${r.rows} rows accepted); nothing changed`
    : `batch ${r.batch_id}: ${r.rows} rows, ${r.accepted} accepted, ${r.rejected} rejected, ${r.warnings} warnings` +
      (r.rejects_file ? `\nrejected rows: ${r.rejects_file}` : '') +
      (r.register_checks ?? [])
        .map(
          (c) =>
            `\n${c.registration_no}: register ${c.in_order ? 'in order' : 'NOT in order'}` +
            c.findings.map((f) => `\n  ${f.severity}: ${f.message}`).join(''),
        )
        .join('');

/** `--by-province`: the file split into one part per province, run as an import job (here unless --detach). */
async function importByProvince(
  ctx: CommandContext,
  profile: ProfileName,
  file: string,
  options: ImportCliOptions,
): Promise<{ json: unknown; text: string }> {
  if (options.sheet || options.delimiter || options.mapping || options.rejects)
    throw userError(
      '--by-province takes a CSV or XLSX file with the profile’s own column names (no --sheet, --delimiter, --mapping or --rejects)',
      '--by-province menerima berkas CSV atau XLSX dengan nama kolom profil itu sendiri (tanpa --sheet, --delimiter, --mapping atau --rejects)',
    );
  const { submitJob, showJob } = await import('../../jobs/job-service.js');
  const { runHere, detailText } = await import('./jobs.js');
  const { presentJobDetail } = await import('../../server/presenters/jobs.js');
  const database = await ctx.database();
  const params = {
    profile,
    path: file,
    program: options.program ?? null,
    period: options.period ?? null,
    snapshot_date: options.snapshotDate ?? null,
    rejects_dir: path.join(ctx.config.dataDir, 'rejects'),
    by_province: true,
    parts_dir: options.partsDir ?? null,
    actor: ctx.actor,
  };
  const id = await submitJob(database, 'import', params, ctx.actor);
  const detail = options.detach ? await showJob(database, id) : await runHere(ctx, database, id);
  return { json: presentJobDetail(detail), text: detailText(detail) };
}

export function registerImportCommands(program: Command): void {
  const imports = program
    .command('import')
    .description('import DTSEN extracts, bansos lists, cooperative registers and member lists');
  for (const profile of PROFILE_NAMES) {
    const command = imports
      .command(profile)
      .argument('<file>', 'CSV (, ; or tab; UTF-8 or Windows-1252) or XLSX file')
      .description(DESCRIPTIONS[profile])
      .option('--sheet <name>', 'XLSX worksheet name or number (default: the first)')
      .option('--delimiter <char>', 'CSV delimiter (default: detected from the header line)')
      .option('--mapping <file.yaml>', 'map this file’s columns onto the profile’s fields')
      .option('--rejects <file.csv>', 'where to write rejected rows (default: in the data folder)')
      .option('--quiet', 'no progress output')
      .option(
        '--by-province',
        'split the file by province (KODE_WILAYAH) into parts of a job, one batch per province (docs/JOBS.md)',
      )
      .option(
        '--parts-dir <dir>',
        'with --by-province: where the parts go (default: FILE.by-province beside it)',
      )
      .option('--detach', 'with --by-province: only queue the job for `entas worker` processes');
    if (profile === 'bansos') {
      command
        .requiredOption('--program <code>', 'program code, e.g. PKH, BPNT, PBI-JK')
        .requiredOption('--period <YYYY-MM>', 'period the list covers');
    }
    if (profile === 'dtsen') {
      command.option(
        '--snapshot-date <YYYY-MM-DD>',
        'extract date (default: a date in the file name, else today)',
      );
    }
    withJson(command).action(
      action(async (ctx, file: string, options: ImportCliOptions) => {
        if (options.byProvince) return importByProvince(ctx, profile, file, options);
        const database = await ctx.database();
        const progress = createProgress({
          label: `import ${profile}`,
          title: say(`import ${profile}`, `impor ${profile}`),
          silent: options.quiet === true,
        });
        const result = await importFile(database, {
          profile,
          path: file,
          fileName: path.basename(file),
          actor: localOperator(ctx),
          options: {
            program: options.program,
            period: options.period,
            snapshotDate: options.snapshotDate,
            sheet: options.sheet,
            delimiter: options.delimiter === 'tab' ? '\t' : options.delimiter,
            mapping: options.mapping ? readMappingFile(options.mapping, profile) : undefined,
            rejectsPath: options.rejects,
            rejectsDir: path.join(ctx.config.dataDir, 'rejects'),
          },
          onProgress: (p) =>
            progress.update(p.rows, p.bytes > 0 ? Math.round((p.rows * p.totalBytes) / p.bytes) : undefined),
        });
        progress.finish(result.rows);
        const { changes: _changes, timings: _timings, ...json } = result;
        return { json, text: summary(result) };
      }),
    );
  }
  withJson(
    imports
      .command('inspect')
      .argument('<file>', 'CSV or XLSX file')
      .option('--sheet <name>', 'XLSX worksheet name or number')
      .option('--rows <n>', 'preview rows', '5')
      .description('show detected headers, the suggested profile and mapping, and a preview'),
  ).action(
    action(async (_ctx, file: string, options: { sheet?: string; rows: string }) => {
      const result = await inspectFile(file, { sheet: options.sheet, rows: Number(options.rows) });
      const best = result.suggested_profile;
      const text = [
        `${result.file}: ${result.format.kind}${result.format.encoding ? ` ${result.format.encoding}` : ''}` +
          `${result.format.delimiter ? ` delimiter ${JSON.stringify(result.format.delimiter)}` : ''}` +
          `${result.format.sheet ? ` sheet "${result.format.sheet}"` : ''}`,
        `headers: ${result.headers.join(' | ')}`,
        best
          ? `suggested profile: ${best}\nmapping:\n${Object.entries(result.profiles[best].mapping)
              .map(([f, h]) => `  ${f}: ${h}`)
              .join(
                '\n',
              )}${result.profiles[best].unused.length ? `\nnot used: ${result.profiles[best].unused.join(', ')}` : ''}`
          : `no profile fits; missing required columns: ${PROFILE_NAMES.map((p) => `${p}: ${result.profiles[p].missing.join(', ')}`).join('; ')} (write a --mapping file)`,
        'preview:',
        ...result.preview.map((r) => `  line ${r.line}: ${JSON.stringify(r.values)}`),
      ].join('\n');
      return { json: result, text };
    }),
  );
}

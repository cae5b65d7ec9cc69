import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { auditChange, type AuditActor } from '../audit/access-audit.js';
import { sequentialShardWrites } from '../db/citus.js';
import type { Database, Tx } from '../db/database.js';
import { say, UserError } from '../shared/errors.js';
import { civilDateInName, civilToday, isCivilDate } from '../shared/civil-date.js';
import { resolveHeaders } from './header-match.js';
import type { ColumnMapping } from './mapping-file.js';
import { PROFILES } from './profiles/index.js';
import type { ProfileName } from './profiles/profile.js';
import { RejectsFile } from './rejects-file.js';
import { copyPrivately, rejectsFilePath } from './rejects-store.js';
import { startImportWorkers, validatedStagingLines } from './parallel/parallel-import.js';
import { emptyCounts, fileChunks, type PipelineCounts } from './row-pipeline.js';
import { openSourceTable, prepareSource, type PreparedSource } from './source-file.js';
import { mergeBansos } from './storage/bansos-store.js';
import {
  BatchRepository,
  createBatch,
  finishBatch,
  newestDtsenSnapshot,
} from './storage/batch-repository.js';
import { mergeCooperatives } from './storage/cooperatives-store.js';
import { rejectDtsenWithinFile } from './storage/dtsen-file-checks.js';
import { mergeDtsen } from './storage/dtsen-store.js';
import { mergeMembers } from './storage/members-store.js';
import { mergeOfficers } from './storage/officers-store.js';
import {
  officerRegisterChecks,
  registerCheckWarnings,
  type ImportedRegisterCheck,
} from './officer-register-checks.js';
import { copyRejects, createRejectsTable, rejectedRows } from './storage/rejects-table.js';
import {
  analyzeStaging,
  copyStaged,
  copyWarnings,
  createStagingTable,
  tuneImportSession,
} from './storage/staging.js';
import { loadValidationContext } from './validation-context.js';
import { ProgramRepository } from '../programs/program-repository.js';

export interface ImportOptions {
  /** bansos: program code (e.g. PKH) and period YYYY-MM. */
  program?: string;
  period?: string;
  /**
   * dtsen: extract date; default a date in the file name (YYYY-MM-DD, YYYY_MM_DD or YYYYMMDD). Required when
   * the name holds none: an extract is never silently dated today.
   */
  snapshotDate?: string;
  sheet?: string;
  delimiter?: string;
  mapping?: ColumnMapping;
  /**
   * Where the rejects CSV goes; default `<rejectsDir>/batch-<id>-<profile>-<random>-rejects.csv`, owner-only
   * (rejectsDir: the instance's data folder; without one a private folder of this process).
   */
  rejectsPath?: string;
  rejectsDir?: string;
  /** "Today" for future-date checks (YYYY-MM-DD); default the current date in Asia/Jakarta. */
  today?: string;
}

export interface ImportRequest {
  profile: ProfileName;
  path?: string;
  stream?: Readable;
  fileName?: string;
  /** A file already spooled and hashed (HTTP uploads); the import owns it from here on. */
  source?: PreparedSource;
  options?: ImportOptions;
  /** Who imports: the batch's created_by and its audit entry. */
  actor: AuditActor;
  onProgress?: (progress: { rows: number; bytes: number; totalBytes: number }) => void;
  /**
   * Runs inside the batch's transaction after every row is written, before commit (a job saves its checkpoint
   * there: the batch and the record that it was imported commit together or not at all).
   */
  beforeCommit?: (tx: Tx, result: ImportResult) => Promise<void>;
}

export interface ImportResult {
  batch_id: number;
  status: 'imported' | 'already_imported';
  rows: number;
  accepted: number;
  rejected: number;
  rejects_file: string | null;
  warnings: number;
  changes?: Record<string, number>;
  /**
   * officers: the registrar's checks on each cooperative the file names, after the import (as of `today`); each
   * finding is also a batch warning (code `register_check`) and counted in `warnings`.
   */
  register_checks?: ImportedRegisterCheck[];
  /** Milliseconds per phase (prepare = hash and encoding, validate = streaming validation and COPY, merge). */
  timings?: Record<string, number>;
}

/**
 * Imports one file as one batch, atomically: validation streams rows into a staging table, set-based SQL
 * merges them, and the whole batch commits or nothing does. A file already imported (same sha256) is not
 * imported again.
 */
export async function importFile(database: Database, request: ImportRequest): Promise<ImportResult> {
  const prepared = await prepareImport(database, request);
  try {
    return await prepared.run(request.onProgress);
  } finally {
    await prepared.close();
  }
}

/** An import whose file is spooled, hashed, opened and matched to the profile, but nothing written yet. */
export interface PreparedImport {
  /** Writes the batch (one transaction). Call at most once. */
  run(onProgress?: ImportRequest['onProgress']): Promise<ImportResult>;
  /** Removes the spooled upload; call once, whether `run` was called or not. */
  close(): Promise<void>;
}

/**
 * Everything that can fail before a row is written: spooling and hashing the file, the options, the header.
 * The HTTP API calls this before it starts its NDJSON stream, so these failures get a real 4xx status.
 * Takes ownership of `request.source`: on failure it is removed here, else by `close()`.
 */
export async function prepareImport(database: Database, request: ImportRequest): Promise<PreparedImport> {
  const profile = PROFILES[request.profile];
  const options = request.options ?? {};
  const today = options.today ?? civilToday();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  const source =
    request.source ??
    (await prepareSource({ path: request.path, stream: request.stream, fileName: request.fileName }));
  try {
    const batches = new BatchRepository(database.db);
    const existing = await batches.findActiveByHash(profile.name, source.contentHash);
    if (existing) {
      const result = alreadyImported(existing, await batches.get(existing.id));
      return { run: () => Promise.resolve(result), close: () => source.cleanup() };
    }
    lap('prepare');
    const settings = await checkOptions(database, request.profile, options, source, today);
    const context = await loadValidationContext(database.db, {
      today,
      withCooperatives: request.profile === 'members' || request.profile === 'officers',
    });
    lap('context');
    const table = await openSourceTable(source, {
      sheet: options.sheet ?? options.mapping?.sheet,
      delimiter: options.delimiter ?? options.mapping?.delimiter,
    });
    const resolution = resolveHeaders(table.headers, profile.fields, options.mapping?.columns);
    if (resolution.missing.length > 0) {
      const missing = resolution.missing.join(', ');
      const found = table.headers.join(', ');
      throw new UserError(
        say(
          `${source.fileName}: required column(s) ${missing} not found in the header (found: ${found}); ` +
            'rename them or give a column mapping (CLI --mapping, API multipart field "mapping")',
          `${source.fileName}: kolom wajib ${missing} tidak ada di baris judul (ada: ${found}); ` +
            'ganti namanya atau berikan pemetaan kolom (CLI --mapping, API field multipart "mapping")',
        ),
        'missing_columns',
      );
    }
    let ran = false;
    return {
      run: (onProgress) => {
        if (ran) throw new Error('a prepared import runs once');
        ran = true;
        return runImport(database, request, {
          source,
          settings,
          context,
          table,
          resolution,
          timings,
          lap,
          onProgress,
        });
      },
      close: () => source.cleanup(),
    };
  } catch (error) {
    await source.cleanup();
    throw error;
  }
}

interface ReadyImport {
  source: PreparedSource;
  settings: Settings;
  context: Awaited<ReturnType<typeof loadValidationContext>>;
  table: Awaited<ReturnType<typeof openSourceTable>>;
  resolution: ReturnType<typeof resolveHeaders>;
  timings: Record<string, number>;
  lap: (phase: string) => void;
  onProgress: ImportRequest['onProgress'];
}

async function runImport(
  database: Database,
  request: ImportRequest,
  ready: ReadyImport,
): Promise<ImportResult> {
  const profile = PROFILES[request.profile];
  const options = request.options ?? {};
  const { source, settings, table, resolution, timings, lap } = ready;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'entas-import-'));
  const rejectsTemp = path.join(scratch, 'rejects.csv');
  const counts = emptyCounts();
  const progress =
    ready.onProgress &&
    ((bytes: number) => ready.onProgress!({ rows: counts.rows, bytes, totalBytes: source.size }));
  let writtenRejects: string | null = null;
  try {
    const outcome = await database.transaction(async (tx) => {
      await sequentialShardWrites(tx); // the batch row is finished after the rows (Citus)
      const batchId = await createBatch(tx, {
        source: profile.name,
        file_name: source.fileName,
        content_hash: source.contentHash,
        program_code: settings.program,
        period: settings.period,
        snapshot_date: settings.snapshotDate,
        created_by: request.actor.username,
        meta: {},
      });
      await stageRows(tx, request, ready, { batchId, scratch, counts, progress });
      const changes = await merge(tx, request.profile, batchId, settings, counts.accepted);
      const registerChecks =
        request.profile === 'officers' ? await officerRegisterChecks(tx, ready.context.today) : undefined;
      const registerWarnings = registerCheckWarnings(registerChecks ?? []);
      counts.warnings += registerWarnings.length;
      lap('merge');
      const rejectsFile =
        counts.rejected > 0
          ? (options.rejectsPath ?? rejectsFilePath(options.rejectsDir, batchId, profile.name))
          : null;
      await finishBatch(tx, batchId, {
        total: counts.rows,
        accepted: counts.accepted,
        rejected: counts.rejected,
        warnings: [...warningSummary(counts, resolution.unused), ...registerWarnings],
        meta: {
          format: table.format,
          size_bytes: source.size,
          columns: Object.fromEntries([...resolution.columns].map(([f, i]) => [f, table.headers[i]])),
          ignored_columns: resolution.unused,
          rejects_file: rejectsFile,
          changes,
        },
      });
      await auditChange(tx, request.actor, {
        action: 'batch.import',
        subjectType: 'source_batch',
        subjectId: batchId,
        details: { source: profile.name, file_name: source.fileName, rows: counts.rows, changes },
      });
      // Written before commit: a batch never exists without its rejects file (removed again on rollback).
      if (rejectsFile) {
        const rejects = new RejectsFile(rejectsTemp);
        for await (const row of rejectedRows(tx)) await rejects.add(row.line, row.errors);
        await rejects.close();
        copyPrivately(rejectsTemp, rejectsFile);
        writtenRejects = rejectsFile;
      }
      await request.beforeCommit?.(tx, {
        batch_id: batchId,
        status: 'imported',
        rows: counts.rows,
        accepted: counts.accepted,
        rejected: counts.rejected,
        rejects_file: rejectsFile,
        warnings: counts.warnings,
        changes,
        ...(registerChecks ? { register_checks: registerChecks } : {}),
      });
      return { batchId, changes, rejectsFile, registerChecks };
    });
    writtenRejects = null;
    ready.onProgress?.({ rows: counts.rows, bytes: source.size, totalBytes: source.size });
    return {
      batch_id: outcome.batchId,
      status: 'imported',
      rows: counts.rows,
      accepted: counts.accepted,
      rejected: counts.rejected,
      rejects_file: outcome.rejectsFile,
      warnings: counts.warnings,
      changes: outcome.changes,
      ...(outcome.registerChecks ? { register_checks: outcome.registerChecks } : {}),
      timings: (lap('commit'), timings),
    };
  } catch (error) {
    // Someone imported the same file meanwhile: the unique (source, content_hash) index caught it.
    if ((error as { code?: string }).code === '23505' && String(error).includes('source_batches_hash_uq')) {
      const again = await new BatchRepository(database.db).findActiveByHash(profile.name, source.contentHash);
      if (again) return alreadyImported(again, await new BatchRepository(database.db).get(again.id));
    }
    throw error;
  } finally {
    if (writtenRejects) fs.rmSync(writtenRejects, { force: true });
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Validates every row into the staging table (rejected rows and warnings loaded beside it), then runs the checks
 * over the whole file; `counts` ends with what was accepted and rejected.
 */
async function stageRows(
  tx: Tx,
  request: ImportRequest,
  ready: ReadyImport,
  run: {
    batchId: number;
    scratch: string;
    counts: PipelineCounts;
    progress: ((bytes: number) => void) | undefined;
  },
): Promise<void> {
  const profile = PROFILES[request.profile];
  const { source, context, table, resolution, lap } = ready;
  const { batchId, scratch, counts, progress } = run;
  await tuneImportSession(tx);
  await createStagingTable(tx, profile.stagingColumns);
  const sinks = {
    rejectsPath: path.join(scratch, 'rejects.copy'),
    warningsPath: path.join(scratch, 'warnings.copy'),
    batchId,
  };
  const workers = startImportWorkers({
    engine: tx.kind,
    source,
    table,
    profile,
    context,
    columns: resolution.columns,
    batchId,
  });
  try {
    const lines = await validatedStagingLines({
      source,
      table,
      resolution,
      profile,
      context,
      workers,
      sinks,
      counts,
      onProgress: progress,
    });
    await copyStaged(
      tx,
      profile.stagingColumns.map((c) => c.name),
      lines,
    );
  } finally {
    // Also when COPY failed before reading a line, or the workers would keep the process alive.
    await workers?.close();
  }
  await copyWarnings(tx, fileChunks(path.join(scratch, 'warnings.copy')));
  await createRejectsTable(tx);
  await copyRejects(tx, fileChunks(path.join(scratch, 'rejects.copy')));
  const lateRejects = await rejectWithinFile(tx, request.profile);
  counts.accepted -= lateRejects;
  counts.rejected += lateRejects;
  await analyzeStaging(tx);
  lap('validate');
}

interface Settings {
  program: string | null;
  period: string | null;
  snapshotDate: string | null;
}

async function checkOptions(
  database: Database,
  profile: ProfileName,
  options: ImportOptions,
  source: PreparedSource,
  today: string,
): Promise<Settings> {
  if (profile === 'bansos') {
    if (!options.program) throw new UserError('bansos import needs --program (e.g. PKH)');
    if (!options.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) {
      throw new UserError(`bansos import needs --period as YYYY-MM (got "${options.period ?? ''}")`);
    }
    const program = options.program.toUpperCase();
    if (!(await new ProgramRepository(database.db).exists(program)))
      throw new UserError(`unknown program "${options.program}" (see \`entas programs list\`)`);
    return { program, period: options.period, snapshotDate: null };
  }
  if (profile !== 'dtsen') return { program: null, period: null, snapshotDate: null };
  const snapshotDate = options.snapshotDate ?? civilDateInName(source.fileName);
  if (snapshotDate === undefined) {
    throw new UserError(
      say(
        `DTSEN file "${source.fileName}" has no date in its name: give the extract's date with --snapshot-date YYYY-MM-DD (API: snapshot_date)`,
        `nama berkas DTSEN "${source.fileName}" tidak memuat tanggal: berikan tanggal ekstrak dengan --snapshot-date YYYY-MM-DD (API: snapshot_date)`,
      ),
      'snapshot_date_required',
    );
  }
  if (!isCivilDate(snapshotDate)) {
    throw new UserError(`invalid --snapshot-date "${snapshotDate}": use YYYY-MM-DD`);
  }
  if (snapshotDate > today) throw new UserError(`--snapshot-date ${snapshotDate} is in the future`);
  const newest = await newestDtsenSnapshot(database.db);
  if (newest && newest.snapshot_date > snapshotDate) {
    throw new UserError(
      `snapshot date ${snapshotDate} is older than the newest DTSEN extract already imported (${newest.snapshot_date}, batch ${newest.id}); import extracts in date order`,
      'snapshot_order',
    );
  }
  return { program: null, period: null, snapshotDate };
}

/** Checks over all staged rows (rules that span rows); returns how many more rows they rejected. */
function rejectWithinFile(tx: Tx, profile: ProfileName): Promise<number> {
  // The other profiles' files are small registers and lists: they still find duplicates while reading.
  return profile === 'dtsen' ? rejectDtsenWithinFile(tx) : Promise.resolve(0);
}

function merge(
  tx: Tx,
  profile: ProfileName,
  batchId: number,
  settings: Settings,
  staged: number,
): Promise<Record<string, number>> {
  switch (profile) {
    case 'dtsen':
      return mergeDtsen(tx, batchId, settings.snapshotDate!, staged);
    case 'bansos':
      return mergeBansos(tx, batchId, settings.program!, settings.period!);
    case 'cooperatives':
      return mergeCooperatives(tx, batchId);
    case 'members':
      return mergeMembers(tx, batchId);
    case 'officers':
      return mergeOfficers(tx, batchId);
  }
}

function warningSummary(counts: PipelineCounts, ignoredColumns: string[]): unknown[] {
  const list: unknown[] = [...counts.warningCodes].map(([code, w]) => ({
    code,
    count: w.count,
    example: {
      line: w.example.line,
      field: w.example.field,
      message: w.example.message,
      message_id: w.example.message_id,
    },
  }));
  if (ignoredColumns.length > 0) {
    list.push({
      code: 'columns_ignored',
      count: ignoredColumns.length,
      message: `columns not used by the profile: ${ignoredColumns.join(', ')}`,
      message_id: `kolom yang tidak dipakai profil: ${ignoredColumns.join(', ')}`,
    });
  }
  return list;
}

function alreadyImported(
  batch: { id: number; rows_total: number; rows_accepted: number; rows_rejected: number },
  detail: { meta: Record<string, unknown>; warnings: unknown[] },
): ImportResult {
  const rejectsFile = detail.meta.rejects_file;
  return {
    batch_id: batch.id,
    status: 'already_imported',
    rows: batch.rows_total,
    accepted: batch.rows_accepted,
    rejected: batch.rows_rejected,
    rejects_file: typeof rejectsFile === 'string' && fs.existsSync(rejectsFile) ? rejectsFile : null,
    warnings: detail.warnings.reduce<number>(
      (n, w) =>
        n +
        ((w as { code?: string; count?: number }).code === 'columns_ignored'
          ? 0
          : ((w as { count?: number }).count ?? 0)),
      0,
    ),
  };
}

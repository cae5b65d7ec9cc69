import fs from 'node:fs';
import path from 'node:path';
import type { AuditActor } from '../../audit/access-audit.js';
import { importFile, type ImportResult } from '../../intake/import-service.js';
import { splitByProvince } from '../../intake/province-split.js';
import { PROFILE_NAMES, type ProfileName } from '../../intake/profiles/profile.js';
import { say, UserError } from '../../shared/errors.js';
import type { JobKind } from '../job-kind.js';
import { paramsObject, requiredString } from '../job-params.js';

export interface ImportJobParams {
  profile: ProfileName;
  /** The file, at a path every worker can read (shared storage). */
  path: string;
  program: string | null;
  period: string | null;
  snapshot_date: string | null;
  /** Where rejected rows go (the submitting instance's data folder). */
  rejects_dir: string | null;
  actor: string | null;
  actor_role: string | null;
  /** Fixed when planned: a worker refuses a file changed since (another size or modification time). */
  size?: number;
  mtime_ms?: number;
  /**
   * Split the file into one part per province (`entas import … --by-province`): each province's rows are
   * written to `parts_dir` (default: beside the file, `FILE.by-province/`) and imported as a batch of their own.
   */
  by_province?: boolean;
  parts_dir?: string | null;
  /** Fixed when planned with by_province: each province's file, as the split wrote it. */
  parts?: Record<string, { path: string; size: number; mtime_ms: number }>;
}

interface Checkpoint {
  result: ImportResult;
}

const optionalString = (o: Record<string, unknown>, field: string): string | null => {
  const v = o[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string')
    throw new UserError(
      say(`parameter ${field}: expected text`, `parameter ${field}: harus berupa teks`),
      'invalid_job_params',
    );
  return v;
};

function fileState(file: string): { size: number; mtime_ms: number } {
  try {
    const st = fs.statSync(file);
    return { size: st.size, mtime_ms: Math.round(st.mtimeMs) };
  } catch {
    throw new UserError(
      say(`${file}: file not found or not readable`, `${file}: berkas tidak ada atau tidak dapat dibaca`),
      'file_not_found',
    );
  }
}

/**
 * An import as a job: one part, the file, imported as one batch in one transaction (validation, merge, audit and
 * the part's checkpoint commit together). A worker killed while importing leaves nothing (the transaction rolls
 * back) and the part runs again from the start; one killed after the commit leaves a checkpoint holding the
 * result, which the next attempt returns without importing again. The batch's content hash refuses a second
 * import of the same file besides, so no row is ever written twice.
 *
 * With `by_province` the plan splits the file into one file per province (src/intake/province-split.ts) and the
 * job has one part per province, each imported as its own batch (`FILE (PP)`), so workers import provinces in
 * parallel and a killed worker loses only its province's transaction.
 */
export const importJob: JobKind<ImportJobParams> = {
  name: 'import',

  parse(raw) {
    const o = paramsObject(raw, 'import');
    const profile = requiredString(o, 'profile');
    const known = PROFILE_NAMES.find((p) => p === profile);
    if (!known)
      throw new UserError(
        say(
          `parameter profile: "${profile}" is not one of ${PROFILE_NAMES.join(', ')}`,
          `parameter profile: "${profile}" bukan salah satu dari ${PROFILE_NAMES.join(', ')}`,
        ),
        'invalid_job_params',
      );
    return {
      profile: known,
      path: requiredString(o, 'path'),
      program: optionalString(o, 'program'),
      period: optionalString(o, 'period'),
      snapshot_date: optionalString(o, 'snapshot_date'),
      rejects_dir: optionalString(o, 'rejects_dir'),
      actor: optionalString(o, 'actor'),
      actor_role: optionalString(o, 'actor_role'),
      ...(typeof o.size === 'number' ? { size: o.size } : {}),
      ...(typeof o.mtime_ms === 'number' ? { mtime_ms: o.mtime_ms } : {}),
      ...(o.by_province === true ? { by_province: true, parts_dir: optionalString(o, 'parts_dir') } : {}),
      ...(typeof o.parts === 'object' && o.parts !== null
        ? { parts: o.parts as ImportJobParams['parts'] }
        : {}),
    };
  },

  async plan(_database, params) {
    const file = path.resolve(params.path);
    if (!params.by_province)
      return {
        params: { ...params, path: file, ...fileState(file) },
        parts: [{ key: 'file', stage: 0, province_code: '' }],
      };
    const dir = path.resolve(params.parts_dir ?? `${file}.by-province`);
    const split = await splitByProvince(file, params.profile, dir);
    const parts = Object.fromEntries(split.map((p) => [p.province, { path: p.path, ...fileState(p.path) }]));
    return {
      params: { ...params, path: file, ...fileState(file), parts_dir: dir, parts },
      parts: split.map((p) => ({ key: p.province, stage: 0, province_code: p.province })),
    };
  },

  async runPart(database, params, part) {
    const saved = part.checkpoint as Checkpoint | null;
    if (saved) return saved.result;
    const planned = params.by_province
      ? params.parts?.[part.key]
      : { path: params.path, size: params.size, mtime_ms: params.mtime_ms };
    if (!planned) throw new Error(`import job: no file planned for part ${part.key}`);
    const now = fileState(planned.path);
    if (now.size !== planned.size || now.mtime_ms !== planned.mtime_ms)
      throw new UserError(
        say(
          `${planned.path}: the file changed since the job was planned; submit a new import job`,
          `${planned.path}: berkas berubah sejak pekerjaan direncanakan; ajukan pekerjaan impor baru`,
        ),
        'file_changed',
      );
    const actor: AuditActor = {
      username: params.actor ?? 'job',
      role: params.actor_role ?? 'local_operator',
      origin: 'job',
      purpose: null,
      identifiersRevealed: false,
    };
    const result = await importFile(database, {
      profile: params.profile,
      path: planned.path,
      // A province's part is named after the file and its province: `dtsen-2026-03-31.csv (53)`.
      fileName: path.basename(params.path) + (params.by_province ? ` (${part.key})` : ''),
      actor,
      options: {
        ...(params.program ? { program: params.program } : {}),
        ...(params.period ? { period: params.period } : {}),
        ...(params.snapshot_date ? { snapshotDate: params.snapshot_date } : {}),
        ...(params.rejects_dir ? { rejectsDir: params.rejects_dir } : {}),
      },
      onProgress: (p) =>
        part.progress(p.rows, p.bytes > 0 ? Math.round((p.rows * p.totalBytes) / p.bytes) : null),
      beforeCommit: (tx, r) => part.save(tx, { result: r } satisfies Checkpoint, r.rows, r.rows),
    });
    const { timings: _timings, ...stored } = result;
    return stored;
  },

  combine(params, results) {
    if (!params.by_province) return results[0]?.result ?? null;
    // One batch per province: their results, and the rows summed.
    const parts = results.map((r) => ({ province: r.key, ...(r.result as ImportResult) }));
    const sum = (field: 'rows' | 'accepted' | 'rejected' | 'warnings') =>
      parts.reduce((n, p) => n + (typeof p[field] === 'number' ? p[field] : 0), 0);
    return {
      provinces: parts.length,
      rows: sum('rows'),
      accepted: sum('accepted'),
      rejected: sum('rejected'),
      warnings: sum('warnings'),
      batches: parts,
    };
  },
};

import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  parseMappingText,
  prepareImport,
  prepareSource,
  revertBatch,
  type ColumnMapping,
  type ImportOptions,
  type PreparedImport,
  type PreparedSource,
  type ProfileName,
  type RevertResult,
} from '../intake/index.js';
import { maskedRejectsCsv } from '../privacy/rejects-masking.js';
import { NotFoundError, UserError } from '../shared/errors.js';
import { civilToday, isCivilDate } from '../shared/civil-date.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';

/**
 * Imports change data in every region a file touches, so they need imports:write AND national scope. The rejects
 * file of a batch is personal data (it quotes the rejected values): national batches:read, audited download.
 */
export class ImportAccess {
  constructor(
    private readonly ctx: AccessContext,
    /** The instance's own folder for rejects files (owner-only); default a private folder of the process. */
    private readonly rejectsDir?: string,
  ) {}

  private requireNational(): void {
    if (this.ctx.principal.scope.kind !== 'national') {
      throw new ForbiddenError('imports and reverts need national scope');
    }
  }

  /**
   * Everything about an upload that can be decided before its file is read: permission, scope and the options.
   * The HTTP route calls this first so a refused request gets its 4xx status before any NDJSON is streamed.
   */
  async checkUpload(profile: ProfileName, options: ImportOptions, today = civilToday()): Promise<void> {
    this.ctx.require('imports:write');
    this.requireNational();
    if (profile === 'bansos') {
      if (!options.program) throw new UserError('bansos import needs program (e.g. PKH)', 'invalid_input');
      if (!options.period || !/^\d{4}-(0[1-9]|1[0-2])$/.test(options.period)) {
        throw new UserError(`bansos import needs period as YYYY-MM (got "${options.period ?? ''}")`);
      }
      const known = await this.ctx.db
        .selectFrom('programs')
        .select('code')
        .where('code', '=', options.program.toUpperCase())
        .executeTakeFirst();
      if (!known) throw new UserError(`unknown program "${options.program}" (see GET /api/v1/programs)`);
    }
    const date = options.snapshotDate;
    if (date !== undefined) {
      if (profile !== 'dtsen') throw new UserError(`snapshot_date applies to dtsen imports, not ${profile}`);
      if (!isCivilDate(date)) throw new UserError(`invalid snapshot_date "${date}": use YYYY-MM-DD`);
      if (date > today) throw new UserError(`snapshot_date ${date} is in the future`);
    }
  }

  /** The file part's name must say CSV/TSV/text or XLSX: anything else is refused before it is read. */
  checkFileName(fileName: string): void {
    if (!/\.(csv|tsv|txt|xlsx)$/i.test(fileName)) {
      throw new UserError(
        `file "${fileName.slice(0, 100)}": expected a .csv, .tsv, .txt or .xlsx file`,
        'unsupported_file_type',
      );
    }
  }

  /**
   * Spools an uploaded file to a private temporary file and hashes it. A file over `limitBytes` (or cut at
   * the multipart limit) fails as a whole with payload_too_large: nothing of it is ever imported.
   */
  async spoolUpload(
    file: { stream: Readable; fileName: string },
    limitBytes: number,
  ): Promise<PreparedSource> {
    this.ctx.require('imports:write');
    this.requireNational();
    this.checkFileName(file.fileName);
    return prepareSource({ stream: file.stream, fileName: file.fileName, limitBytes });
  }

  /** A mapping sent with an upload: the same YAML/JSON the CLI's --mapping file holds. */
  parseMapping(text: string, profile: ProfileName): ColumnMapping {
    return parseMappingText(text, profile, 'multipart field "mapping"');
  }

  /**
   * Checks a spooled upload against its profile (options, header, required columns) without writing: the
   * route answers these failures with a 4xx before it streams progress. Owns `source` from here on.
   */
  async prepareUpload(
    profile: ProfileName,
    source: PreparedSource,
    options: ImportOptions,
  ): Promise<PreparedImport> {
    try {
      await this.checkUpload(profile, options);
      this.checkFileName(source.fileName);
    } catch (error) {
      await source.cleanup();
      throw error;
    }
    return prepareImport(this.ctx.database, {
      profile,
      source,
      options: { ...options, ...(this.rejectsDir ? { rejectsDir: this.rejectsDir } : {}) },
      actor: this.ctx.auditActor,
    });
  }

  async revert(batchId: number, reason: string | undefined): Promise<RevertResult> {
    this.ctx.require('imports:write');
    this.requireNational();
    const exists = await this.ctx.db
      .selectFrom('source_batches')
      .select('id')
      .where('id', '=', batchId)
      .executeTakeFirst();
    if (!exists) throw new NotFoundError(`source batch ${batchId} not found`);
    return revertBatch(this.ctx.database, batchId, this.ctx.auditActor, reason);
  }

  /**
   * Opens the rejects CSV of a batch (formula-neutralised by the intake writer). The file quotes rejected cells
   * verbatim, so identifiers in it are masked as everywhere else unless the role has pii:read and a purpose.
   */
  async rejects(batchId: number): Promise<{ stream: Readable; fileName: string }> {
    this.ctx.require('batches:read');
    const row =
      this.ctx.principal.scope.kind === 'national'
        ? await this.ctx.db
            .selectFrom('source_batches')
            .select(['id', 'meta'])
            .where('id', '=', batchId)
            .executeTakeFirst()
        : undefined;
    if (!row) throw new NotFoundError(`source batch ${batchId} not found`);
    const path = typeof row.meta.rejects_file === 'string' ? row.meta.rejects_file : null;
    if (!path || !fs.existsSync(path)) throw new NotFoundError(`source batch ${batchId} has no rejects file`);
    await this.ctx.audit({ action: 'export.rejects', subjectType: 'source_batch', subjectId: batchId });
    const file = fs.createReadStream(path);
    return {
      stream: this.ctx.reveal ? file : maskedRejectsCsv(file),
      fileName: `batch-${batchId}-rejects.csv`,
    };
  }
}

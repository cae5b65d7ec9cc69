import fs from 'node:fs';
import type { Readable } from 'node:stream';
import {
  importFile,
  revertBatch,
  type ImportOptions,
  type ImportResult,
  type ProfileName,
  type RevertResult,
} from '../intake/index.js';
import { NotFoundError } from '../shared/errors.js';
import type { AccessContext } from './access-context.js';
import { ForbiddenError } from './access-errors.js';

/**
 * Imports change data in every region a file touches, so they need imports:write AND national scope. The rejects
 * file of a batch is personal data (it quotes the rejected values): national batches:read, audited download.
 */
export class ImportAccess {
  constructor(private readonly ctx: AccessContext) {}

  private requireNational(): void {
    if (this.ctx.principal.scope.kind !== 'national') {
      throw new ForbiddenError('imports and reverts need national scope');
    }
  }

  async upload(
    profile: ProfileName,
    file: { stream: Readable; fileName: string },
    options: ImportOptions,
    onProgress: (p: { rows: number; bytes: number; totalBytes: number }) => void,
  ): Promise<ImportResult> {
    this.ctx.require('imports:write');
    this.requireNational();
    return importFile(this.ctx.database, {
      profile,
      stream: file.stream,
      fileName: file.fileName,
      options,
      actor: this.ctx.principal.username,
      onProgress,
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
    return revertBatch(this.ctx.database, batchId, this.ctx.principal.username, reason);
  }

  /** Opens the rejects CSV of a batch (formula-neutralised by the intake writer). */
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
    return { stream: fs.createReadStream(path), fileName: `batch-${batchId}-rejects.csv` };
  }
}
